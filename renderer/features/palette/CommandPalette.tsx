import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';

export interface PaletteAction {
  id: string;
  label: string;
  hint?: string;
  run: () => void;
}

/** Ctrl+K: find any action by typing part of its name (Chinese or English), Enter to run. */
export function CommandPalette({ actions, onClose }: { actions: PaletteAction[]; onClose: () => void }) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  const matches = useMemo(() => {
    const q = query.trim().toLowerCase();
    return q
      ? actions.filter((a) => a.label.toLowerCase().includes(q) || a.id.toLowerCase().includes(q))
      : actions;
  }, [actions, query]);
  const run = (a: PaletteAction | undefined) => {
    if (!a) return;
    onClose();
    a.run();
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') onClose();
    else if (e.key === 'ArrowDown') setActive((i) => Math.min(i + 1, matches.length - 1));
    else if (e.key === 'ArrowUp') setActive((i) => Math.max(i - 1, 0));
    else if (e.key === 'Enter') run(matches[active]);
    else return;
    e.preventDefault();
  };
  return (
    <div className="modal-backdrop" role="presentation" onClick={onClose}>
      <div
        className="palette"
        role="dialog"
        aria-label={t('header.palette')}
        onClick={(e) => e.stopPropagation()}
        data-testid="palette"
      >
        <input
          ref={input}
          value={query}
          placeholder={t('palette.placeholder')}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
          aria-label={t('palette.placeholder')}
          aria-controls="palette-actions"
          {...(matches[active] ? { 'aria-activedescendant': `palette-action-${active}` } : {})}
        />
        {/* Named, and reachable by Tab for scrolling a long list (axe: scrollable-region-focusable). */}
        <ul role="listbox" id="palette-actions" aria-label={t('header.palette')} tabIndex={0}>
          {matches.length === 0 && <li className="empty">{t('palette.none')}</li>}
          {matches.map((a, i) => (
            <li
              key={a.id}
              id={`palette-action-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : ''}
              onMouseEnter={() => setActive(i)}
              onClick={() => run(a)}
            >
              <span>{a.label}</span>
              {a.hint && <kbd>{a.hint}</kbd>}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
