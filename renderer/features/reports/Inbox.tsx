import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { divisionName, useAreas } from '../incidents/areas';
import type { ApiOutput } from '../../../shared/api/contract';
import { reportKindText } from './kindLabel';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { selectNow } from '../header/selectors';
import { fetchInbox, reportCommand } from './commands';
import { formatDuration } from './duration';
import { ageAt } from './workflow';

/**
 * 待接收报告: reports sent up to this station and not yet acknowledged, oldest first, ageing on the one
 * UI clock. Asked again whenever reports change (a new one arrives, or someone here acknowledges one).
 */
export function Inbox() {
  const { t, i18n } = useTranslation();
  useAreas();
  const dispatch = useAppDispatch();
  const now = useAppSelector(selectNow);
  const reportsVersion = useAppSelector((s) => s.reports.reports);
  const [inbox, setInbox] = useState<ApiOutput<'inbox'> | null>(null);
  const refresh = useCallback(
    () =>
      void dispatch(fetchInbox())
        .unwrap()
        .then(setInbox, () => {}),
    [dispatch],
  );
  useEffect(refresh, [refresh, reportsVersion]);
  if (!inbox || inbox.entries.length === 0) {
    return (
      <section className="inbox" data-testid="inbox">
        <h3>{t('inbox.title')}</h3>
        <p className="empty">{t('inbox.none')}</p>
      </section>
    );
  }
  const asOf = Date.parse(inbox.asOf);
  return (
    <section className="inbox" data-testid="inbox">
      <h3>{t('inbox.title')}</h3>
      <ol>
        {inbox.entries.map((e) => (
          <li key={e.report.id} data-testid="inbox-row">
            <strong>{reportKindText(t, i18n.language, e.report)}</strong> <span>{e.incidentTitle}</span>{' '}
            <span>{t('inbox.from', { jurisdiction: divisionName(e.fromJurisdiction) })}</span>{' '}
            <span className="age">{t('inbox.age', { time: formatDuration(ageAt(e, asOf, now)) })}</span>{' '}
            <button
              type="button"
              data-testid="inbox-acknowledge"
              onClick={() =>
                void dispatch(
                  reportCommand({ type: 'report.acknowledge', payload: { reportId: e.report.id } }),
                )
                  .unwrap()
                  .then(refresh, () => {})
              }
            >
              {t('inbox.acknowledge')}
            </button>
          </li>
        ))}
      </ol>
    </section>
  );
}
