import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DutyLogEntry } from '../../../shared/dutylog/aggregate';
import './dutylog.css';
import { EntryLine } from './EntryLine';
import { CorrectionForm } from './CorrectionForm';
import { EntryList } from './EntryList';
import { SearchAndExport } from './SearchAndExport';
import { StationActivity } from './StationActivity';

/** Alt+L (any layout: the physical L key) focuses the entry line from anywhere in the console. */
export const isEntryShortcut = (e: { altKey: boolean; ctrlKey: boolean; metaKey: boolean; code: string }) =>
  e.altKey && !e.ctrlKey && !e.metaKey && e.code === 'KeyL';

/** Set when Alt+L showed the hidden pane: the pane focuses its entry line as it mounts. */
let focusEntryOnMount = false;

export const requestEntryFocus = () => {
  focusEntryOnMount = true;
};

const KIND_FIELD = '[data-testid="dutylog-line-kind"]';

/**
 * Focus the entry line (the palette's 记值班日志): at once if the pane is shown, else as it mounts. A timer,
 * not an animation frame: frames can lag seconds behind on a loaded machine drawing the map in software.
 */
export function focusEntryLine() {
  requestEntryFocus();
  setTimeout(() => {
    if (!document.querySelector(KIND_FIELD)) return;
    focusEntryOnMount = false;
    focusUnlessTyping();
  }, 0);
}

/** Focus the kind field unless the officer is already in the entry line (keys typed since must stay put). */
function focusUnlessTyping() {
  const field = document.querySelector<HTMLSelectElement>(KIND_FIELD);
  if (!field || field.form?.contains(document.activeElement)) return;
  field.focus();
}

/** 值班日志 pane: the entry line, search and export, the entries with their corrections; and the station's activity. */
export function DutyLog() {
  const { t } = useTranslation();
  const [tab, setTab] = useState<'entries' | 'activity'>('entries');
  const [correcting, setCorrecting] = useState<DutyLogEntry | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(null), 4000);
    return () => clearTimeout(timer);
  }, [notice]);
  const pane = useRef<HTMLDivElement>(null);
  // Alt+L: to the entry line's first field, from anywhere in the console (and back from the activity tab).
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (!isEntryShortcut(e)) return;
      e.preventDefault();
      setTab('entries');
      const field = pane.current?.querySelector<HTMLSelectElement>(KIND_FIELD);
      if (field) field.focus();
      // From the activity tab the line exists only once the tab has switched. Never a second focus when it is
      // already there: under load the timer runs after the officer's next keys and pulled the caret back to
      // the kind field mid-line (CI lost an entry that way).
      else setTimeout(focusUnlessTyping, 0);
    };
    window.addEventListener('keydown', onKey);
    if (focusEntryOnMount) {
      focusEntryOnMount = false;
      pane.current?.querySelector<HTMLSelectElement>(KIND_FIELD)?.focus();
    }
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div className="dl-pane" ref={pane} data-testid="dutylog-pane">
      {/* The notice beside the tabs is a status, not a tab: it stands outside the tablist (axe: aria-required-children). */}
      <div className="dl-tabs">
        <div className="dl-tablist" role="tablist">
          {(['entries', 'activity'] as const).map((k) => (
            <button
              key={k}
              type="button"
              role="tab"
              aria-selected={tab === k}
              className={tab === k ? 'active' : ''}
              onClick={() => setTab(k)}
              data-testid={`dutylog-tab-${k}`}
            >
              {t(`dutyLog.tabs.${k}`)}
            </button>
          ))}
        </div>
        {notice && (
          <span className="dl-notice" role="status" data-testid="dutylog-notice">
            {notice}
          </span>
        )}
      </div>
      {tab === 'entries' ? (
        <>
          <EntryLine onRecorded={() => setNotice(t('dutyLog.recorded'))} />
          {correcting && (
            <CorrectionForm key={correcting.id} entry={correcting} onClose={() => setCorrecting(null)} />
          )}
          <SearchAndExport onExported={(file) => setNotice(t('dutyLog.exported', { file }))} />
          <EntryList onCorrect={setCorrecting} />
        </>
      ) : (
        <StationActivity />
      )}
    </div>
  );
}
