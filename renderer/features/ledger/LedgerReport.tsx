import { useTranslation } from 'react-i18next';
import type { LedgerReportSummary } from '../../../shared/api/ledger-calls';
import { LedgerFindings } from './LedgerFindings';

/** The check's report: rows valid and skipped per kind, every problem, and the import that must acknowledge the skipped rows. */
export function LedgerReport({
  report,
  zh,
  acknowledged,
  importing,
  onAcknowledge,
  onConfirm,
  onDiscard,
}: {
  report: LedgerReportSummary;
  zh: boolean;
  acknowledged: boolean;
  importing: boolean;
  onAcknowledge: (v: boolean) => void;
  onConfirm: () => void;
  onDiscard: () => void;
}) {
  const { t } = useTranslation();
  const needsAck = report.invalidCount > 0;
  const canConfirm = report.validCount > 0 && (!needsAck || acknowledged) && !importing;
  return (
    <div
      className="ledger-report"
      data-testid="ledger-report"
      data-kind={report.kind}
      data-valid={report.validCount}
      data-invalid={report.invalidCount}
    >
      <p className="ledger-summary">
        {t('ledger.summary', {
          file: report.fileName,
          rows: report.rowsRead,
          valid: report.validCount,
          invalid: report.invalidCount,
        })}{' '}
        · {t('ledger.detected', { kind: t(`ledger.kinds.${report.kind}`) })}
        {report.updateCount > 0 && <> · {t('ledger.updates', { count: report.updateCount })}</>}
      </p>
      <h3>{t('ledger.findings')}</h3>
      {report.findings.length === 0 ? (
        <p className="empty">{t('ledger.noFindings')}</p>
      ) : (
        <LedgerFindings report={report} zh={zh} />
      )}
      {report.preview.length > 0 && (
        <details className="ledger-preview">
          <summary>
            {t('ledger.preview')} ({report.preview.length} / {report.validCount})
          </summary>
          <table>
            <thead>
              <tr>
                <th>{t('ledger.row')}</th>
                <th>{t('ledger.id')}</th>
                <th>{t('ledger.name')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {report.preview.map((p) => (
                <tr key={p.row}>
                  <td>{p.row}</td>
                  <td>{p.id}</td>
                  <td>{p.name}</td>
                  <td>{p.updatesExisting ? t('ledger.willUpdate') : t('ledger.willAdd')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
      <div className="ledger-confirm">
        {needsAck && (
          <label>
            <input
              type="checkbox"
              checked={acknowledged}
              data-testid="ledger-ack"
              onChange={(e) => {
                onAcknowledge(e.target.checked);
              }}
            />
            {t('ledger.acknowledgeSkipped', { count: report.invalidCount })}
          </label>
        )}
        {report.validCount > 0 ? (
          <button
            type="button"
            className="primary"
            data-testid="ledger-confirm"
            disabled={!canConfirm}
            onClick={onConfirm}
          >
            {t('ledger.confirm', { count: report.validCount })}
          </button>
        ) : (
          <span className="empty">{t('ledger.nothingValid')}</span>
        )}
        <button type="button" data-testid="ledger-discard" disabled={importing} onClick={onDiscard}>
          {t('ledger.discard')}
        </button>
      </div>
    </div>
  );
}
