import { useTranslation } from 'react-i18next';
import type { StatusRecord } from '../../../shared/domain/resources';
import { formatChinaTime } from '../../../shared/time';

/** "由 王调度 于 10:05 记录（电话）": who recorded a team's status or an order's step, when, and from where. */
export function RecordLine({ record }: { record: StatusRecord | undefined }) {
  const { t } = useTranslation();
  if (!record) return null;
  const full = formatChinaTime(Date.parse(record.at));
  // The hour and minute on the board; the date in the tooltip.
  const time = full.slice(-5);
  return (
    <small className="record-line" title={full} data-testid="record-line" data-source={record.source ?? ''}>
      {record.source
        ? t('life.teams.recordedFrom', {
            who: record.by,
            time,
            source: t(`life.teams.sources.${record.source}`),
          })
        : t('life.teams.recordedBy', { who: record.by, time })}
    </small>
  );
}
