import { useTranslation } from 'react-i18next';
import { formatChinaTime } from '../../../shared/time';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { Inbox } from './Inbox';
import { Timeliness } from './Timeliness';
import { ReportDesk } from './ReportDesk';
import { reportDeskOpened } from './slice';
import { selectReportClocks } from './selectors';
import { formatDuration } from './duration';

/** 报送时限: every report still owed, soonest first, counting down from the one shared clock tick. */
export function ReportClocks() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const rows = useAppSelector(selectReportClocks);
  const deskIncidentId = useAppSelector((s) => s.reports.deskIncidentId);
  const extras = (
    <>
      <Inbox />
      <Timeliness />
      {deskIncidentId && <ReportDesk incidentId={deskIncidentId} />}
    </>
  );
  if (rows.length === 0)
    return (
      <>
        <p className="empty">{t('clocks.none')}</p>
        {extras}
      </>
    );
  return (
    <>
      <ol className="clocks" data-testid="report-clocks">
        {rows.map(({ obligation, incidentTitle, remainingMs, urgency }) => (
          <li
            key={`${obligation.incidentId}:${obligation.key}`}
            className={`clock-row urgency-${urgency}`}
            data-urgency={urgency}
            data-kind={obligation.kind}
            data-testid="clock-row"
          >
            <span className="clock-kind">{t(`clocks.kinds.${obligation.kind}`)}</span>
            <span className="clock-incident">{incidentTitle}</span>
            <time className="clock-due" dateTime={obligation.dueAt}>
              {formatChinaTime(Date.parse(obligation.dueAt))}
            </time>
            <strong className="clock-remaining">
              {remainingMs >= 0
                ? t('clocks.dueIn', { time: formatDuration(remainingMs) })
                : t('clocks.overdueBy', { time: formatDuration(remainingMs) })}
            </strong>
            <button
              type="button"
              className="clock-report"
              onClick={() => dispatch(reportDeskOpened(obligation.incidentId))}
              data-testid="open-report-desk"
            >
              {t('reportDesk.open')}
            </button>
            <small className="clock-rule" title={obligation.rule.path ?? obligation.rule.id}>
              {t('clocks.rule', { source: obligation.rule.source })}
            </small>
          </li>
        ))}
      </ol>
      {extras}
    </>
  );
}
