import { saveFile } from '../../app/download';
import {
  useCallback,
  useEffect,
  useRef,
  useState,
  type FormEvent,
  type KeyboardEvent,
  type ReactNode,
} from 'react';
import { useTranslation } from 'react-i18next';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { DutyLogEntry } from '../../../shared/dutylog/aggregate';
import { DUTY_LOG_KINDS } from '../../../shared/dutylog/events';
import type { DomainError } from '../../../shared/errors';
import { formatChinaTime } from '../../../shared/time';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { selectLanguage, selectNow } from '../header/selectors';
import { selectAllIncidents, selectIncidentsByUrgency } from '../incidents/selectors';
import { correctDutyLog, exportDutyLog, recordDutyLog, searchDutyLog } from './commands';
import { selectDutyLog, selectDutyLogSearch, selectShownEntries } from './selectors';
import { searchChanged } from './slice';
import {
  changesOf,
  emptyLine,
  kindForKey,
  lineOf,
  periodOf,
  recordInput,
  type ExportPeriod,
  type LineDraft,
} from './entryLine';
import './dutylog.css';

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

const sameLine = (a: LineDraft, b: LineDraft) =>
  a.kind === b.kind && a.text === b.text && a.counterpart === b.counterpart && a.incidentId === b.incidentId;

/** Enter that is not the end of an input-method composition (拼音 input uses Enter to commit letters). */
const isPlainEnter = (e: KeyboardEvent) =>
  e.key === 'Enter' && !e.nativeEvent.isComposing && !e.shiftKey && !e.ctrlKey && !e.altKey;

function useErrorText() {
  const language = useAppSelector(selectLanguage);
  return useCallback((e: DomainError) => (language === 'en' ? e.message.en : e.message.zh), [language]);
}

/** The fields of an entry (kind, counterpart, text, incident) as one keyboard line; used to record and to correct. */
function LineFields({
  line,
  onChange,
  errors,
  kindRef,
  textRef,
  idPrefix,
}: {
  line: LineDraft;
  onChange: (line: LineDraft) => void;
  errors: DomainError[];
  kindRef?: React.Ref<HTMLSelectElement>;
  textRef?: React.Ref<HTMLInputElement>;
  idPrefix: string;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const incidents = useAppSelector(selectIncidentsByUrgency);
  const all = useAppSelector(selectAllIncidents);
  const linked = line.incidentId ? all.find((i) => i.id === line.incidentId) : undefined;
  const options = linked && !incidents.includes(linked) ? [linked, ...incidents] : incidents;
  const errorOf = (field: string) => errors.find((e) => e.field?.split('.').pop() === field);
  const field = (name: string, label: string, input: ReactNode) => {
    const error = errorOf(name);
    return (
      <label className={`dl-field dl-field-${name}${error ? ' field-error' : ''}`}>
        <span className="dl-label">{label}</span>
        {input}
        {error && (
          <em className="error" role="alert" data-testid={`${idPrefix}-error-${name}`}>
            {errorText(error)}
          </em>
        )}
      </label>
    );
  };
  return (
    <>
      {field(
        'kind',
        t('dutyLog.kind'),
        <select
          ref={kindRef}
          name="kind"
          value={line.kind}
          data-testid={`${idPrefix}-kind`}
          onChange={(e) => onChange({ ...line, kind: e.target.value as LineDraft['kind'] })}
          onKeyDown={(e) => {
            const kind = kindForKey(e.key);
            if (kind && !e.altKey && !e.ctrlKey && !e.metaKey) {
              e.preventDefault();
              onChange({ ...line, kind });
            }
          }}
        >
          {DUTY_LOG_KINDS.map((k, i) => (
            <option key={k} value={k}>
              {i + 1} {t(`dutyLog.kinds.${k}`)}
            </option>
          ))}
        </select>,
      )}
      {field(
        'counterpart',
        t('dutyLog.counterpart'),
        <input
          name="counterpart"
          value={line.counterpart}
          maxLength={100}
          placeholder={t('dutyLog.counterpartHint')}
          data-testid={`${idPrefix}-counterpart`}
          aria-invalid={Boolean(errorOf('counterpart'))}
          onChange={(e) => onChange({ ...line, counterpart: e.target.value })}
        />,
      )}
      {field(
        'text',
        t('dutyLog.text'),
        <input
          ref={textRef}
          name="text"
          value={line.text}
          maxLength={2000}
          placeholder={t('dutyLog.textHint')}
          data-testid={`${idPrefix}-text`}
          aria-invalid={Boolean(errorOf('text'))}
          onChange={(e) => onChange({ ...line, text: e.target.value })}
        />,
      )}
      {field(
        'incidentId',
        t('dutyLog.incident'),
        <select
          name="incidentId"
          value={line.incidentId}
          data-testid={`${idPrefix}-incident`}
          onChange={(e) => onChange({ ...line, incidentId: e.target.value })}
        >
          <option value="">{t('dutyLog.noIncident')}</option>
          {options.map((i) => (
            <option key={i.id} value={i.id}>
              {i.facts.title}
            </option>
          ))}
        </select>,
      )}
    </>
  );
}

/** 记一笔: Alt+L, 1–6 for the kind, Tab through counterpart, text and incident, Enter records. */
function EntryLine({ onRecorded }: { onRecorded: () => void }) {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const selectedIncidentId = useAppSelector((s) => s.map.selectedIncidentId);
  const errorText = useErrorText();
  const [line, setLine] = useState<LineDraft>(() => emptyLine('call_received', selectedIncidentId ?? ''));
  const [errors, setErrors] = useState<DomainError[]>([]);
  const [saving, setSaving] = useState(false);
  const kindRef = useRef<HTMLSelectElement>(null);
  const lineNow = useRef(line);
  lineNow.current = line;

  // The line links to the incident selected on the board (list or map) unless the officer picks another.
  useEffect(() => {
    setLine((l) => ({ ...l, incidentId: selectedIncidentId ?? '' }));
  }, [selectedIncidentId]);

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (saving) return;
    setSaving(true);
    const submitted = line;
    const result = await dispatch(recordDutyLog(recordInput(submitted)));
    setSaving(false);
    if (recordDutyLog.fulfilled.match(result)) {
      setErrors([]);
      // Nothing typed is lost on a refusal; after a success the line is ready for the next call — unless the
      // officer already typed on while the station answered: that text stays, and so does the focus.
      const untouched = sameLine(lineNow.current, submitted);
      setLine((current) =>
        sameLine(current, submitted) ? emptyLine(submitted.kind, submitted.incidentId) : current,
      );
      if (untouched) kindRef.current?.focus();
      onRecorded();
    } else {
      setErrors(result.payload ?? []);
    }
  };

  const general = errors.filter(
    (e) => !['kind', 'counterpart', 'text', 'incidentId'].includes(e.field?.split('.').pop() ?? ''),
  );
  return (
    <form
      className="dl-line"
      aria-label={t('dutyLog.line')}
      data-testid="dutylog-line"
      onSubmit={(e) => void submit(e)}
      onKeyDown={(e) => {
        if (isPlainEnter(e) && (e.target as HTMLElement).tagName !== 'BUTTON') {
          e.preventDefault();
          void submit();
        } else if (e.key === 'Escape') {
          setLine(emptyLine(line.kind, selectedIncidentId ?? ''));
          setErrors([]);
          (e.target as HTMLElement).blur();
        }
      }}
    >
      <LineFields line={line} onChange={setLine} errors={errors} kindRef={kindRef} idPrefix="dutylog-line" />
      <button type="submit" className="primary" disabled={saving} data-testid="dutylog-record">
        {t('dutyLog.record')}
      </button>
      {general.map((e, i) => (
        <em key={i} className="error" role="alert" data-testid="dutylog-line-error">
          {errorText(e)}
        </em>
      ))}
      <p className="dl-keys">{t('dutyLog.keys')}</p>
    </form>
  );
}

/** 更正: the entry's fields prefilled, a reason required; the original stays on record as version 1. */
function CorrectionForm({ entry, onClose }: { entry: DutyLogEntry; onClose: () => void }) {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const errorText = useErrorText();
  const [line, setLine] = useState<LineDraft>(() => lineOf(entry));
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<DomainError[]>([]);
  const textRef = useRef<HTMLInputElement>(null);
  useEffect(() => textRef.current?.focus(), []);

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    const result = await dispatch(
      correctDutyLog({ entryId: entry.id, changes: changesOf(entry, line), reason }),
    );
    if (correctDutyLog.fulfilled.match(result)) onClose();
    else setErrors(result.payload ?? []);
  };
  const reasonError = errors.find((e) => e.field?.endsWith('reason'));
  const general = errors.filter(
    (e) => e !== reasonError && !/\.(kind|counterpart|text|incidentId)$/.test(e.field ?? ''),
  );
  return (
    <form
      className="dl-line dl-correction"
      aria-label={t('dutyLog.correcting')}
      data-testid="dutylog-correction"
      onSubmit={(e) => void submit(e)}
      onKeyDown={(e) => {
        if (isPlainEnter(e) && (e.target as HTMLElement).tagName !== 'BUTTON') {
          e.preventDefault();
          void submit();
        } else if (e.key === 'Escape') onClose();
      }}
    >
      <h3>{t('dutyLog.correcting')}</h3>
      <LineFields
        line={line}
        onChange={setLine}
        errors={errors}
        textRef={textRef}
        idPrefix="dutylog-correction"
      />
      <label className={`dl-field dl-field-reason${reasonError ? ' field-error' : ''}`}>
        <span className="dl-label">{t('dutyLog.reason')}</span>
        <input
          name="reason"
          value={reason}
          maxLength={500}
          data-testid="dutylog-correction-reason"
          onChange={(e) => setReason(e.target.value)}
        />
        {reasonError && (
          <em className="error" role="alert" data-testid="dutylog-correction-error-reason">
            {errorText(reasonError)}
          </em>
        )}
      </label>
      <button type="submit" className="primary" data-testid="dutylog-correction-save">
        {t('dutyLog.saveCorrection')}
      </button>
      <button type="button" onClick={onClose}>
        {t('dutyLog.cancel')}
      </button>
      {general.map((e, i) => (
        <em key={i} className="error" role="alert" data-testid="dutylog-correction-error">
          {errorText(e)}
        </em>
      ))}
    </form>
  );
}

function EntryRow({ entry, onCorrect }: { entry: DutyLogEntry; onCorrect: () => void }) {
  const { t } = useTranslation();
  const incident = useAppSelector((s) =>
    entry.incidentId ? s.incidents.entities[entry.incidentId] : undefined,
  );
  const title = (id: string | undefined) => (id ? (incident?.id === id ? incident.facts.title : id) : '');
  return (
    <div className="dl-entry" data-testid="dutylog-entry" data-entry-id={entry.id}>
      <div className="dl-entry-main">
        <time dateTime={entry.occurredAt}>{formatChinaTime(Date.parse(entry.occurredAt))}</time>
        <span className={`dl-kind dl-kind-${entry.kind}`}>{t(`dutyLog.kinds.${entry.kind}`)}</span>
        {entry.counterpart && <span className="dl-who">{entry.counterpart}</span>}
        <span className="dl-text" data-testid="dutylog-entry-text">
          {entry.text}
        </span>
        {entry.incidentId && <span className="dl-incident">{title(entry.incidentId)}</span>}
        {entry.corrected && <span className="dl-corrected">{t('dutyLog.corrected')}</span>}
        <button type="button" className="dl-correct" onClick={onCorrect} data-testid="dutylog-correct">
          {t('dutyLog.correct')}
        </button>
      </div>
      <div className="dl-entry-meta">
        {t('dutyLog.recordedBy', {
          who: entry.recordedBy.name ?? entry.recordedBy.id,
          at: formatChinaTime(Date.parse(entry.recordedAt)),
        })}
      </div>
      {entry.corrected && (
        <details className="dl-versions" data-testid="dutylog-versions">
          <summary>{t('dutyLog.versions')}</summary>
          <ol>
            {entry.versions.map((v, i) => (
              <li key={i} data-testid="dutylog-version">
                <strong>{t('dutyLog.version', { n: i + 1 })}</strong> {t(`dutyLog.kinds.${v.kind}`)}
                {v.counterpart ? ` · ${v.counterpart}` : ''} ·{' '}
                <span className="dl-version-text">{v.text}</span>
                {v.incidentId ? ` · ${title(v.incidentId)}` : ''}
                <small>
                  {' '}
                  — {v.by.name ?? v.by.id} {formatChinaTime(Date.parse(v.recordedAt))}
                  {v.reason ? `（${v.reason}）` : ''}
                </small>
              </li>
            ))}
          </ol>
        </details>
      )}
    </div>
  );
}

/** The entries, newest first, virtualised (a long night fills hundreds of lines). */
function EntryList({ onCorrect }: { onCorrect: (entry: DutyLogEntry) => void }) {
  const { t } = useTranslation();
  const entries = useAppSelector(selectShownEntries);
  const search = useAppSelector(selectDutyLogSearch);
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({
    count: entries.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => 48,
    overscan: 8,
    getItemKey: (i) => entries[i]?.id ?? i,
  });
  const searching = search.q.trim() !== '';
  return (
    <div className="dl-list" ref={scroller} data-testid="dutylog-list">
      <p className="dl-count" role="status">
        {searching && search.pending
          ? t('dutyLog.searching')
          : entries.length === 0
            ? t(searching ? 'dutyLog.noMatch' : 'dutyLog.none')
            : t('dutyLog.count', { count: entries.length })}
      </p>
      <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
        {virtual.getVirtualItems().map((row) => {
          const entry = entries[row.index];
          if (!entry) return null;
          return (
            <div
              key={row.key}
              data-index={row.index}
              ref={virtual.measureElement}
              style={{
                position: 'absolute',
                top: 0,
                left: 0,
                right: 0,
                transform: `translateY(${row.start}px)`,
              }}
            >
              <EntryRow entry={entry} onCorrect={() => onCorrect(entry)} />
            </div>
          );
        })}
      </div>
    </div>
  );
}

function SearchAndExport({ onExported }: { onExported: (file: string) => void }) {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const errorText = useErrorText();
  const search = useAppSelector(selectDutyLogSearch);
  const now = useAppSelector(selectNow);
  const [period, setPeriod] = useState<ExportPeriod>('today');
  const [error, setError] = useState<string | null>(null);
  const q = search.q;

  // The station is asked once typing pauses; the slice shows only the answer to the words still typed.
  useEffect(() => {
    if (q.trim() === '') return;
    const timer = setTimeout(() => void dispatch(searchDutyLog({ q })), 250);
    return () => clearTimeout(timer);
  }, [dispatch, q]);

  const exportXlsx = async () => {
    const result = await dispatch(exportDutyLog(periodOf(period, now)));
    if (exportDutyLog.fulfilled.match(result)) {
      setError(null);
      saveFile(result.payload);
      onExported(result.payload.fileName);
    } else setError((result.payload ?? []).map(errorText).join('；'));
  };

  return (
    <div className="dl-tools">
      <input
        type="search"
        value={q}
        placeholder={t('dutyLog.search')}
        aria-label={t('dutyLog.search')}
        data-testid="dutylog-search"
        onChange={(e) => dispatch(searchChanged(e.target.value))}
        onKeyDown={(e) => {
          if (e.key === 'Escape') dispatch(searchChanged(''));
        }}
      />
      <select
        value={period}
        aria-label={t('dutyLog.export')}
        data-testid="dutylog-export-period"
        onChange={(e) => setPeriod(e.target.value as ExportPeriod)}
      >
        {(['today', 'last24h', 'last7d'] as const).map((p) => (
          <option key={p} value={p}>
            {t(`dutyLog.periods.${p}`)}
          </option>
        ))}
      </select>
      <button type="button" onClick={() => void exportXlsx()} data-testid="dutylog-export">
        {t('dutyLog.export')}
      </button>
      {error && (
        <em className="error" role="alert">
          {error}
        </em>
      )}
    </div>
  );
}

/** 系统动态: the newest events of the station's log, who did what and when. */
function Activity() {
  const { t } = useTranslation();
  const events = useAppSelector(selectDutyLog);
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({
    count: events.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => 30,
    overscan: 10,
  });
  if (events.length === 0) return <p className="empty">{t('dutyLog.none')}</p>;
  return (
    <div className="duty-log" ref={scroller} data-testid="duty-log">
      <ul style={{ height: virtual.getTotalSize(), position: 'relative' }}>
        {virtual.getVirtualItems().map((row) => {
          const e = events[row.index];
          if (!e) return null;
          return (
            <li
              key={e.id}
              style={{
                position: 'absolute',
                top: 0,
                left: 0,
                right: 0,
                transform: `translateY(${row.start}px)`,
              }}
            >
              <time>{formatChinaTime(Date.parse(e.recordedAt), true)}</time>
              <span className="log-type">
                {t(`dutyLog.types.${e.type.replace('.', '_')}`, { defaultValue: e.type })}
              </span>
              <span className="log-who">{t('dutyLog.by', { who: e.actor.name ?? e.actor.id })}</span>
              <span className="log-station">{e.station}</span>
            </li>
          );
        })}
      </ul>
    </div>
  );
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
        <Activity />
      )}
    </div>
  );
}
