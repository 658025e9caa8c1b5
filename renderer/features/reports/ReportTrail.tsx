import { useTranslation } from 'react-i18next';
import type { ApiOutput } from '../../../shared/api/contract';
import { reportTime as time } from './reportTime';

/** 版本: every version of a report with its changes, author and times, and who submitted, signed, sent, received it. */
export function ReportTrail({ trail }: { trail: ApiOutput<'reportTrail'> }) {
  const { t } = useTranslation();
  const fieldLabel = (f: string) => t(`reportDesk.fields.${f}`);
  return (
    <section className="report-trail" data-testid="report-trail">
      <h3>{t('reportDesk.versions')}</h3>
      <ol>
        {trail.map((v) => (
          <li key={v.eventId}>
            <div>
              {t('reportDesk.version', {
                version: v.version,
                author: v.authoredByName ?? v.authoredBy,
                time: time(v.authoredAt),
              })}
            </div>
            {v.changes.length > 0 && (
              <ul>
                {v.changes.map((c) => (
                  <li key={c.field}>
                    <strong>{fieldLabel(c.field)}</strong>: <del>{String(c.before ?? '')}</del> →{' '}
                    <ins>{String(c.after ?? '')}</ins>
                  </li>
                ))}
              </ul>
            )}
            <ul>
              {v.actions.map((a, i) => (
                <li key={i}>
                  {t('reportDesk.action', {
                    action: t(`reportDesk.statuses.${a.type === 'submitted' ? 'awaiting_approval' : a.type}`),
                    who: a.byName ?? a.by,
                    time: time(a.at),
                  })}
                  {a.external
                    ? ` · ${t('externalReport.trailSent', { name: a.external.name, via: t(`externalReport.vias.${a.external.via}`) })}`
                    : ''}
                  {a.receipt
                    ? ` · ${t(
                        a.receipt.source === 'manual'
                          ? 'externalReport.trailManual'
                          : 'externalReport.trailSystem',
                        {
                          name: a.receipt.receiverName,
                          by: a.recordedBy ?? a.byName ?? a.by,
                        },
                      )}`
                    : ''}
                  {a.comment ? ` · ${a.comment}` : ''}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ol>
    </section>
  );
}
