import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LedgerKind } from '../../../shared/ledger/table';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { checkLedgerFile, confirmLedgerImport, discardLedger } from './commands';
import { ledgerCleared } from './slice';
import './ledger.css';
import { LedgerReport } from './LedgerReport';

const KINDS = ['auto', 'team', 'depot', 'shelter', 'risk_point'] as const;

/**
 * 台账导入: pick a ledger file, the station reads and checks it (progress bar), the report lists every
 * problem by row and column, and only a confirmation that acknowledges the skipped rows imports the
 * valid ones. Nothing is registered before that click.
 */
export function LedgerPane() {
  const { t, i18n } = useTranslation();
  const dispatch = useAppDispatch();
  const ledger = useAppSelector((s) => s.ledger);
  const [file, setFile] = useState<File | null>(null);
  const [kind, setKind] = useState<LedgerKind | 'auto'>('auto');
  const [acknowledged, setAcknowledged] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const zh = i18n.language.startsWith('zh');
  const { progress, report, result, errors } = ledger;
  const state = progress?.state;
  const working = state === 'uploading' || state === 'checking' || state === 'importing';

  const check = async () => {
    if (!file) return;
    setAcknowledged(false);
    const bytes = new Uint8Array(await file.arrayBuffer());
    void dispatch(checkLedgerFile({ file: { name: file.name, bytes }, kind }));
  };
  const startOver = () => {
    void dispatch(discardLedger(undefined));
    dispatch(ledgerCleared());
    setFile(null);
    setAcknowledged(false);
    if (input.current) input.current.value = '';
  };

  return (
    <div className="ledger" data-testid="ledger">
      <p className="ledger-intro">{t('ledger.intro')}</p>
      <div className="ledger-pick">
        {/* The browser's own file input says "Choose File / No file chosen" in its own language: ours speaks
            the interface's, and names the file chosen. */}
        <div className="ledger-file">
          <span>{t('ledger.file')}</span>
          <label className="file-button">
            <span aria-hidden="true">{t('ledger.choose')}</span>
            <input
              ref={input}
              type="file"
              className="file-button-input"
              aria-label={t('ledger.file')}
              accept=".xlsx,.csv,.txt,.geojson,.json"
              data-testid="ledger-file"
              disabled={working}
              onChange={(e) => {
                setFile(e.target.files?.[0] ?? null);
              }}
            />
          </label>
          <span className="ledger-file-name">{file?.name ?? t('ledger.noFile')}</span>
        </div>
        <label>
          {t('ledger.kind')}
          <select
            value={kind}
            data-testid="ledger-kind"
            disabled={working}
            onChange={(e) => {
              setKind(e.target.value as LedgerKind | 'auto');
            }}
          >
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`ledger.kinds.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="primary"
          data-testid="ledger-check"
          disabled={!file || working}
          onClick={() => void check()}
        >
          {t('ledger.check')}
        </button>
      </div>

      {progress && working && (
        <div className="ledger-progress">
          <progress
            data-testid="ledger-progress"
            data-state={progress.state}
            value={progress.done}
            {...(progress.total ? { max: progress.total } : {})}
          />
          <span>
            {t('ledger.progress', {
              phase: t(`ledger.phases.${progress.phase ?? 'read'}`),
              done: progress.done.toLocaleString(),
              total: progress.total?.toLocaleString() ?? '…',
            })}
          </span>
        </div>
      )}

      {errors && errors.length > 0 && (
        <ul className="ledger-errors" role="alert" data-testid="ledger-errors">
          {errors.map((e, i) => (
            <li key={i}>
              <strong>{t('ledger.failed')}</strong> {zh ? e.message.zh : e.message.en}
              {e.detail ? `: ${e.detail}` : ''}
            </li>
          ))}
        </ul>
      )}

      {report && !result && (
        <LedgerReport
          report={report}
          zh={zh}
          acknowledged={acknowledged}
          importing={state === 'importing'}
          onAcknowledge={setAcknowledged}
          onConfirm={() =>
            void dispatch(confirmLedgerImport({ skippedRowsAcknowledged: report.invalidCount }))
          }
          onDiscard={startOver}
        />
      )}

      {result && (
        <div
          className="ledger-result"
          role="status"
          data-testid="ledger-result"
          data-registered={result.registered}
          data-updated={result.updated}
          data-skipped={result.skipped}
          data-refused={result.refused.length}
        >
          <p>
            {t('ledger.result', {
              registered: result.registered,
              updated: result.updated,
              skipped: result.skipped,
            })}
          </p>
          {result.refused.length > 0 && (
            <>
              <p className="ledger-warning">{t('ledger.refused', { count: result.refused.length })}</p>
              <ul>
                {result.refused.map((r) => (
                  <li key={r.row}>
                    {t('ledger.row')} {r.row}:{' '}
                    {r.errors
                      .map((e) => (zh ? e.message.zh : e.message.en) + (e.detail ? ` (${e.detail})` : ''))
                      .join('；')}
                  </li>
                ))}
              </ul>
            </>
          )}
          <button type="button" onClick={startOver} data-testid="ledger-another">
            {t('ledger.another')}
          </button>
        </div>
      )}
    </div>
  );
}
