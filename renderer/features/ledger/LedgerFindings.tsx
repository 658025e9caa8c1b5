import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { LedgerReportSummary } from '../../../shared/api/ledger-calls';

/** Every problem with its row and column; virtualised, a damaged file can list thousands. */
export function LedgerFindings({ report, zh }: { report: LedgerReportSummary; zh: boolean }) {
  const { t } = useTranslation();
  const scroller = useRef<HTMLDivElement>(null);
  const rows = report.findings;
  const virtual = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => 28,
    overscan: 10,
  });
  return (
    <>
      <div className="ledger-findings-head" aria-hidden="true">
        <span>{t('ledger.row')}</span>
        <span>{t('ledger.column')}</span>
        <span>{t('ledger.problem')}</span>
        <span>{t('ledger.value')}</span>
      </div>
      <div
        className="ledger-findings"
        ref={scroller}
        data-testid="ledger-findings"
        role="table"
        aria-label={t('ledger.findings')}
      >
        <div style={{ height: virtual.getTotalSize(), position: 'relative' }} role="rowgroup">
          {virtual.getVirtualItems().map((item) => {
            const f = rows[item.index];
            if (!f) return null;
            return (
              <div
                key={item.index}
                role="row"
                className="ledger-finding"
                data-testid="ledger-finding"
                data-row={f.row}
                data-column={f.column ?? ''}
                data-problem={f.problem}
                style={{
                  position: 'absolute',
                  top: 0,
                  left: 0,
                  right: 0,
                  transform: `translateY(${item.start}px)`,
                }}
              >
                <span role="cell">{f.row === 0 ? t('ledger.wholeFile') : f.row}</span>
                <span role="cell">{f.column ?? '—'}</span>
                <span role="cell">{zh ? f.message.zh : f.message.en}</span>
                <span role="cell" className="ledger-value">
                  {f.value ?? ''}
                </span>
              </div>
            );
          })}
        </div>
      </div>
      {report.findingsTotal > rows.length && (
        <p className="ledger-warning">
          {t('ledger.findingsMore', { shown: rows.length, total: report.findingsTotal })}
        </p>
      )}
    </>
  );
}
