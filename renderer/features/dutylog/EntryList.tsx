import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { DutyLogEntry } from '../../../shared/dutylog/aggregate';
import { formatChinaTime } from '../../../shared/time';
import { useAppSelector } from '../../app/hooks';
import { selectDutyLogSearch, selectShownEntries } from './selectors';

/** One entry: time, kind, counterpart, text, incident, who recorded it, and its corrections. */
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
export function EntryList({ onCorrect }: { onCorrect: (entry: DutyLogEntry) => void }) {
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
