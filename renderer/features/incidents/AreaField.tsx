import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { areaOf, resolveArea, useAreaMatches, type Area } from './areas';

/**
 * 行政区划: a combobox of townships and villages offered as the officer types a name or a code (名称或代码);
 * arrows move through the offer, Enter takes one, Esc closes the offer (not the form).
 */
export function AreaField({
  value,
  invalid,
  onChoose,
}: {
  value: string;
  invalid: boolean;
  onChoose: (value: string) => void;
}) {
  const { t } = useTranslation();
  /** Townships and villages offered as the officer types a name or a code (名称或代码). */
  const [areaOffer, setAreaOffer] = useState<{ open: boolean; active: number }>({ open: false, active: 0 });
  const areaMatches = useAreaMatches(value, areaOffer.open);
  const pickArea = (area: Area) => {
    onChoose(area.code);
    setAreaOffer({ open: false, active: 0 });
  };
  const onAreaKey = (e: React.KeyboardEvent<HTMLInputElement>) => {
    if (areaMatches.length === 0) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setAreaOffer((o) => ({
        open: true,
        active: (o.active + step + areaMatches.length) % areaMatches.length,
      }));
    } else if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      const area = areaMatches[areaOffer.active];
      if (area) pickArea(area);
    } else if (e.key === 'Escape') {
      // Closes the suggestions, not the form.
      e.stopPropagation();
      setAreaOffer({ open: false, active: 0 });
    }
  };
  return (
    <>
      <input
        name="areaCode"
        aria-label={t('incident.areaCode')}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={areaMatches.length > 0}
        aria-controls="incident-area-options"
        aria-activedescendant={
          areaMatches[areaOffer.active] ? `area-${areaMatches[areaOffer.active]?.code}` : undefined
        }
        value={value}
        placeholder={t('incident.areaPlaceholder')}
        onChange={(e) => {
          onChoose(e.target.value);
          setAreaOffer({ open: true, active: 0 });
        }}
        onKeyDown={onAreaKey}
        onBlur={() => setAreaOffer({ open: false, active: 0 })}
        aria-invalid={invalid}
        maxLength={40}
        autoComplete="off"
      />
      {areaMatches.length > 0 && (
        <ul
          className="area-options"
          role="listbox"
          id="incident-area-options"
          aria-label={t('incident.areaOptions')}
        >
          {areaMatches.map((a, i) => (
            <li
              key={a.code}
              id={`area-${a.code}`}
              role="option"
              aria-selected={i === areaOffer.active}
              // Before the input's blur closes the list.
              onMouseDown={(e) => {
                e.preventDefault();
                pickArea(a);
              }}
            >
              {a.name} <small>{a.code}</small>
            </li>
          ))}
        </ul>
      )}
      {areaOf(resolveArea(value) ?? '') && (
        <small data-testid="area-name">
          {t('incident.areaName', { name: areaOf(resolveArea(value) ?? '')?.name ?? '' })}
        </small>
      )}
    </>
  );
}
