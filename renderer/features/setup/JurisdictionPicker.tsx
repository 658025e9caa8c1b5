import { useEffect, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { StationClient } from '../../../shared/api/client';
import type { DivisionWire } from '../../../shared/api/gazetteer-calls';

/** How long typing pauses before the station is asked (every key would be a query). */
const ASK_AFTER_MS = 120;

/**
 * 管辖区域: the jurisdiction searched in the station's national gazetteer by name or code, as a combobox; a
 * chosen township offers its villages below it; and the station's name.
 */
export function JurisdictionPicker({
  client,
  dataset,
  chosen,
  onChosen,
  village,
  onVillage,
  name,
  onName,
}: {
  client: StationClient;
  /** The gazetteer's edition, named in the hint. */
  dataset: string;
  chosen: DivisionWire | null;
  onChosen: (division: DivisionWire | null) => void;
  village: string;
  onVillage: (code: string) => void;
  name: string;
  onName: (name: string) => void;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [offer, setOffer] = useState<{
    matches: DivisionWire[];
    total: number;
    active: number;
    open: boolean;
  }>({
    matches: [],
    total: 0,
    active: 0,
    open: false,
  });
  const [villages, setVillages] = useState<DivisionWire[]>([]);

  // Matches as the person types (a pause of ASK_AFTER_MS), never for the text of a division just chosen.
  useEffect(() => {
    const q = text.trim();
    if (q === '' || (chosen && (q === chosen.label || q === chosen.code))) {
      setOffer((o) => ({ ...o, matches: [], total: 0, open: false }));
      return;
    }
    let stale = false;
    const timer = setTimeout(() => {
      void client.setupSearch({ text: q }).then((r) => {
        if (stale || !r.ok) return;
        setOffer({ matches: r.value.matches, total: r.value.total, active: 0, open: true });
      });
    }, ASK_AFTER_MS);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [client, text, chosen]);

  // A chosen township offers its villages (a village-level station is rare, and possible).
  useEffect(() => {
    onVillage('');
    setVillages([]);
    if (!chosen || chosen.level !== 'township') return;
    let stale = false;
    void client.setupDivision({ code: chosen.code }).then((r) => {
      if (!stale && r.ok) setVillages(r.value.children);
    });
    return () => {
      stale = true;
    };
  }, [client, chosen, onVillage]);

  const choose = (d: DivisionWire) => {
    onChosen(d);
    setText(d.label);
    setOffer({ matches: [], total: 0, active: 0, open: false });
  };

  const onSearchKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (!offer.open || offer.matches.length === 0) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setOffer((o) => ({ ...o, active: (o.active + step + o.matches.length) % o.matches.length }));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const d = offer.matches[offer.active];
      if (d) choose(d);
    } else if (e.key === 'Escape') {
      setOffer((o) => ({ ...o, open: false }));
    }
  };

  return (
    <fieldset>
      <legend>{t('setup.jurisdiction')}</legend>
      <label htmlFor="setup-search">{t('setup.search')}</label>
      <input
        id="setup-search"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={offer.open && offer.matches.length > 0}
        aria-controls="setup-options"
        aria-activedescendant={
          offer.open && offer.matches[offer.active] ? `setup-${offer.matches[offer.active]?.code}` : undefined
        }
        aria-describedby="setup-search-hint"
        value={text}
        autoComplete="off"
        autoFocus
        onChange={(e) => {
          setText(e.target.value);
          onChosen(null);
        }}
        onKeyDown={onSearchKey}
      />
      <small id="setup-search-hint">{t('setup.searchHint', { dataset })}</small>
      {offer.open && (
        <ul className="area-options" role="listbox" id="setup-options" aria-label={t('setup.options')}>
          {offer.matches.map((d, i) => (
            <li
              key={d.code}
              id={`setup-${d.code}`}
              role="option"
              aria-selected={i === offer.active}
              onMouseDown={(e) => {
                e.preventDefault();
                choose(d);
              }}
            >
              {d.label} <small>{d.code}</small>
            </li>
          ))}
          {offer.matches.length === 0 && <li role="presentation">{t('setup.none')}</li>}
          {offer.total > offer.matches.length && (
            <li role="presentation">{t('setup.more', { total: offer.total })}</li>
          )}
        </ul>
      )}
      <p role="status">{chosen ? t('setup.chosen', { label: chosen.label, code: chosen.code }) : ''}</p>
      {villages.length > 0 && chosen && (
        <>
          <label htmlFor="setup-village">{t('setup.village')}</label>
          <select id="setup-village" value={village} onChange={(e) => onVillage(e.target.value)}>
            <option value="">{t('setup.villageNone', { name: chosen.name })}</option>
            {villages.map((v) => (
              <option key={v.code} value={v.code}>
                {v.name} {v.code}
              </option>
            ))}
          </select>
        </>
      )}
      <label htmlFor="setup-name">{t('setup.name')}</label>
      <input
        id="setup-name"
        value={name}
        placeholder={t('setup.namePlaceholder')}
        onChange={(e) => onName(e.target.value)}
      />
    </fieldset>
  );
}
