import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import type { DomainError } from '../../../shared/errors';
import { exportRosterFile, importStaffFile, printView, publishRoster } from './commands';
import { selectFindings, selectPublished, selectRosterList, selectShownRoster } from './selectors';
import { draftDiscarded, errorShown, rosterSelected, tabChosen, type RosterTab } from './slice';
import './roster.css';
import type { Lang, Run } from './run';
import { GenerateForm } from './GenerateForm';
import { IcsExport } from './IcsExport';
import { ShiftGrid } from './ShiftGrid';
import { FairnessTable } from './FairnessTable';
import { SwapDesk } from './SwapDesk';
import { HandoverDesk } from './HandoverDesk';

const TABS: RosterTab[] = ['grid', 'fairness', 'swaps', 'handover'];

/** 值班表: a month generated from a pattern, edited by hand with live checks, swaps, check-in, handover, exports. */
export function RosterPane() {
  const { t, i18n } = useTranslation();
  const lang: Lang = i18n.language === 'en' ? 'en' : 'zh';
  const dispatch = useAppDispatch();
  const tab = useAppSelector((s) => s.roster.tab);
  const draft = useAppSelector((s) => s.roster.draft);
  const error = useAppSelector((s) => s.roster.error);
  const list = useAppSelector(selectRosterList);
  const published = useAppSelector(selectPublished);
  const roster = useAppSelector(selectShownRoster);
  const findings = useAppSelector(selectFindings);
  const [print, setPrint] = useState<string | null>(null);
  const [imported, setImported] = useState<number | null>(null);

  const failed = (errors: DomainError[] | undefined) =>
    dispatch(
      errorShown(
        errors ? errors.map((e) => e.message[lang] + (e.detail ? `（${e.detail}）` : '')).join('；') : null,
      ),
    );
  const run: Run = async (action) => {
    const r = await dispatch(action);
    if ('error' in r) {
      failed(r.payload);
      return undefined;
    }
    dispatch(errorShown(null));
    return r.payload;
  };

  const importStaff = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    if (!file) return;
    const done = await run(importStaffFile(file));
    input.value = '';
    if (done) setImported(done.registered);
  };
  const printWall = async (rosterId: string) => {
    const html = await run(printView({ kind: 'wall', rosterId }));
    if (html !== undefined) setPrint(html);
  };

  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.length - errors;

  return (
    <section className="roster-pane" data-testid="roster-pane">
      <details className="roster-generate-box" open={list.length === 0 || draft !== null || undefined}>
        <summary>{t('roster.generate.title')}</summary>
        <GenerateForm />
      </details>
      <div className="roster-bar">
        {/* A button in the interface language over a hidden file input: no "Choose File / No file chosen". */}
        <label className="file-button" data-testid="staff-import">
          <span aria-hidden="true">{t('roster.importStaff')}</span>
          <input
            type="file"
            className="file-button-input"
            aria-label={t('roster.importStaff')}
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(e) => void importStaff(e.currentTarget)}
          />
        </label>
        {imported !== null && (
          <span role="status" data-testid="staff-imported">
            {t('roster.staffImported', { count: imported })}
          </span>
        )}
        <label>
          {t('roster.month')}{' '}
          <select
            value={draft ? '' : (published?.roster.id ?? '')}
            onChange={(e) => dispatch(rosterSelected(e.target.value || null))}
            data-testid="roster-month"
          >
            {draft && <option value="">{t('roster.draftOf', { month: draft.month })}</option>}
            {list.map((r) => (
              <option key={r.roster.id} value={r.roster.id}>
                {r.roster.month}
              </option>
            ))}
          </select>
        </label>
        {draft ? (
          <>
            <strong className="roster-draft-flag">{t('roster.draftNotice')}</strong>
            <button type="button" onClick={() => void run(publishRoster(draft))} data-testid="roster-publish">
              {t('roster.publish')}
            </button>
            <button type="button" onClick={() => dispatch(draftDiscarded())}>
              {t('roster.discard')}
            </button>
          </>
        ) : (
          published && (
            <>
              <button
                type="button"
                onClick={() =>
                  void run(
                    exportRosterFile({ call: 'exportRosterXlsx', input: { rosterId: published.roster.id } }),
                  )
                }
              >
                {t('roster.exportXlsx')}
              </button>
              <button
                type="button"
                onClick={() => void printWall(published.roster.id)}
                data-testid="roster-wall"
              >
                {t('roster.wallTable')}
              </button>
              <IcsExport rosterId={published.roster.id} run={run} />
            </>
          )
        )}
        {roster && (
          <span className={errors > 0 ? 'roster-summary bad' : 'roster-summary'} data-testid="roster-summary">
            {t('roster.summary', { errors, warnings })}
          </span>
        )}
      </div>
      {error && (
        <p className="roster-error" role="alert" data-testid="roster-error">
          {error}
        </p>
      )}
      <nav className="roster-tabs" role="tablist">
        {TABS.map((k) => (
          <button
            key={k}
            type="button"
            role="tab"
            aria-selected={tab === k}
            className={tab === k ? 'active' : ''}
            onClick={() => dispatch(tabChosen(k))}
            data-testid={`roster-tab-${k}`}
          >
            {t(`roster.tabs.${k}`)}
          </button>
        ))}
      </nav>
      {!roster && tab !== 'handover' && <p className="empty">{t('roster.none')}</p>}
      {roster && tab === 'grid' && <ShiftGrid roster={roster} lang={lang} run={run} />}
      {roster && tab === 'fairness' && <FairnessTable />}
      {roster && tab === 'swaps' && published && !draft && <SwapDesk run={run} />}
      {tab === 'handover' && <HandoverDesk run={run} onPrint={setPrint} />}
      {print && (
        <div className="roster-print">
          <button type="button" onClick={() => setPrint(null)}>
            {t('roster.closePrint')}
          </button>
          {/* The station's own HTML, shown without scripts or same-origin rights. */}
          <iframe
            title={t('roster.print')}
            sandbox="allow-modals"
            srcDoc={print}
            data-testid="roster-print"
          />
        </div>
      )}
    </section>
  );
}
