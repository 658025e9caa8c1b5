import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  IncidentCategory,
  IncidentSource,
  SeverityLevel,
  subtypesByCategory,
} from '../../../shared/domain/incident';
import type { DomainError } from '../../../shared/errors';
import { likelyDuplicates, type DuplicateCandidate } from '../../../shared/domain/duplicates';
import { formatChinaTime } from '../../../shared/time';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { registerIncident } from '../../app/commands';
import { selectLanguage, selectNow, selectStation } from '../header/selectors';
import { emptyDraft, factsFromDraft, type IncidentDraft } from './facts';
import { selectOpenIncidents } from './selectors';
import { recordRepeatCall } from './commands';
import { areaOf, resolveArea, settleArea, useAreaMatches, type Area } from './areas';
import { DateTimeField } from './DateTimeField';
import { placePickCancelled, placePickStarted } from './slice';

/** The draft's free-text fields (not the choices from a list): an input's value goes in as typed. */
type TextField = {
  [K in keyof IncidentDraft]: string extends IncidentDraft[K] ? K : never;
}[keyof IncidentDraft];

/** Digits 1–9 pick the nth option of a select (category, type, level, source): no mouse, no Chinese input. */
function pickByDigit(e: KeyboardEvent<HTMLSelectElement>, choose: (value: string) => void) {
  if (!/^[1-9]$/.test(e.key) || e.ctrlKey || e.altKey || e.metaKey) return;
  const option = e.currentTarget.options[Number(e.key) - 1];
  if (!option) return;
  e.preventDefault();
  choose(option.value);
}

/**
 * 接报登记: keyboard first — Tab through, digits pick from the lists, Ctrl+Enter saves, Esc cancels.
 * Before a new incident is saved, open incidents it likely repeats (same area, category, within an
 * hour) are offered: merging logs the call against that incident instead of registering a second one.
 */
export function IncidentForm({
  onClose,
  onSaved,
}: {
  onClose: () => void;
  onSaved: (title: string) => void;
}) {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const station = useAppSelector(selectStation);
  const language = useAppSelector(selectLanguage);
  const now = useAppSelector(selectNow);
  const [draft, setDraft] = useState<IncidentDraft>(() => emptyDraft(now, station?.jurisdiction ?? ''));
  const [errors, setErrors] = useState<DomainError[]>([]);
  const [saving, setSaving] = useState(false);
  const open = useAppSelector(selectOpenIncidents);
  /** Offered duplicates of the checked facts; `confirmedNew` once the officer said it is a new incident. */
  const [duplicates, setDuplicates] = useState<DuplicateCandidate[] | null>(null);
  const [confirmedNew, setConfirmedNew] = useState(false);
  const busy = useRef(false);
  // A place picked on the map (the map pane routes its click while a pick is on) fills the coordinates once.
  const pick = useAppSelector((s) => s.incidents.pick);
  const [pickSeq, setPickSeq] = useState(pick.seq);
  /** Where the point came from, and the form says so: a map click, typed coordinates, an area's centroid. */
  const [pointFrom, setPointFrom] = useState<'map' | 'typed' | 'centroid' | null>(null);
  if (pick.seq !== pickSeq) {
    setPickSeq(pick.seq);
    if (pick.point) {
      const { lon, lat } = pick.point;
      setDraft((d) => ({ ...d, lon: lon.toFixed(6), lat: lat.toFixed(6) }));
      setPointFrom('map');
    }
  }
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);

  const set = <K extends keyof IncidentDraft>(key: K, value: IncidentDraft[K]) => {
    if (key === 'lon' || key === 'lat') setPointFrom('typed');
    setDraft((d) => ({ ...d, [key]: value }));
  };
  const chooseCategory = (value: string) => {
    const category = value as IncidentDraft['category'];
    setDraft((d) => ({ ...d, category, subtype: subtypesByCategory[category][0] }));
  };
  /** Townships and villages offered as the officer types a name or a code (名称或代码). */
  const [areaOffer, setAreaOffer] = useState<{ open: boolean; active: number }>({ open: false, active: 0 });
  const areaMatches = useAreaMatches(draft.areaCode, areaOffer.open);
  const pickArea = (area: Area) => {
    chooseArea(area.code);
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
  /**
   * An area whose centroid the station knows also gives a point, unless a point was clicked or typed already
   * (another area's centroid is replaced by this one's, or cleared when this one has none).
   */
  const chooseArea = (value: string) => {
    const point = areaOf(resolveArea(value) ?? value)?.point;
    const empty = draft.lon.trim() === '' && draft.lat.trim() === '';
    const fill = pointFrom === 'centroid' || (empty && pointFrom !== 'typed');
    if (fill) setPointFrom(point ? 'centroid' : null);
    setDraft((d) => ({
      ...d,
      areaCode: value,
      ...(fill ? { lon: point ? String(point.lon) : '', lat: point ? String(point.lat) : '' } : {}),
    }));
  };
  const errorFor = (field: string) => errors.find((e) => e.field === field || e.field?.endsWith(`.${field}`));
  const message = (e: DomainError) => (language === 'en' ? e.message.en : e.message.zh);

  const submit = async (event?: FormEvent, asNew = confirmedNew) => {
    event?.preventDefault();
    // Synchronous guard: a second Ctrl+Enter before React re-renders must neither register twice nor
    // find the call just registered and offer it as its own duplicate.
    if (busy.current) return;
    // A name typed in the area field is settled by the station's gazetteer before the facts are checked.
    busy.current = true;
    await dispatch(settleArea(draft.areaCode));
    busy.current = false;
    const facts = factsFromDraft(draft);
    if (!facts.ok) {
      setErrors(facts.errors);
      return;
    }
    if (!asNew) {
      const candidates = likelyDuplicates(facts.value, open);
      if (candidates.length > 0) {
        setDuplicates(candidates);
        return;
      }
    }
    busy.current = true;
    setSaving(true);
    const result = await dispatch(registerIncident({ facts: facts.value }));
    setSaving(false);
    if (registerIncident.fulfilled.match(result)) {
      onSaved(facts.value.title);
      onClose();
    } else {
      busy.current = false;
      setErrors(result.payload ?? []);
    }
  };

  const merge = async (incidentId: string) => {
    // The facts as the form holds them now (the officer may have added to the call after the offer).
    await dispatch(settleArea(draft.areaCode));
    const checked = factsFromDraft(draft);
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    const facts = checked.value;
    if (busy.current) return;
    busy.current = true;
    setSaving(true);
    const what = [facts.location.address, facts.description].filter(Boolean).join('，') || facts.title;
    const result = await dispatch(
      recordRepeatCall({
        incidentId,
        facts,
        text: t('incident.duplicates.repeatCall', { title: facts.title, text: what }),
      }),
    );
    setSaving(false);
    if (recordRepeatCall.fulfilled.match(result)) onClose();
    else {
      busy.current = false;
      setErrors(result.payload ?? []);
    }
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void submit();
    if (e.key === 'Escape') {
      if (pick.active) dispatch(placePickCancelled());
      else onClose();
    }
  };

  const field = (key: keyof IncidentDraft, label: string, input: React.ReactNode) => {
    const error = errorFor(key);
    return (
      <label className={`field field-${key}${error ? ' field-error' : ''}`}>
        <span>{label}</span>
        {input}
        {error && (
          <em className="error" role="alert" data-testid={`error-${key}`}>
            {message(error)}
          </em>
        )}
      </label>
    );
  };
  const text = (
    key: TextField,
    props: React.InputHTMLAttributes<HTMLInputElement> & { ref?: React.Ref<HTMLInputElement> } = {},
  ) => (
    <input
      name={key}
      value={draft[key]}
      onChange={(e) => set(key, e.target.value)}
      aria-invalid={Boolean(errorFor(key))}
      {...props}
    />
  );

  const generalErrors = errors.filter((e) => !e.field || !((e.field.split('.').pop() ?? '') in draft));

  return (
    <div
      className="modal-backdrop"
      role="presentation"
      // While a place is picked the map underneath takes the click; the form waits, its text kept.
      style={
        pick.active
          ? { background: 'transparent', pointerEvents: 'none', alignItems: 'flex-start' }
          : undefined
      }
    >
      <form
        className="incident-form"
        aria-label={t('incident.new')}
        onSubmit={(e) => void submit(e)}
        onKeyDown={onKeyDown}
        data-testid="incident-form"
        style={pick.active ? { pointerEvents: 'auto' } : undefined}
      >
        {pick.active && (
          <p role="status" data-testid="picking">
            {t('incident.picking')}{' '}
            <button type="button" autoFocus onClick={() => dispatch(placePickCancelled())}>
              {t('incident.pickCancel')}
            </button>
          </p>
        )}
        <div hidden={pick.active}>
          <h2>{t('incident.new')}</h2>
          <p className="keys-hint">{t('incident.keysHint')}</p>
          <div className="form-grid">
            {field(
              'title',
              t('incident.title'),
              text('title', { ref: first, required: true, maxLength: 200 }),
            )}
            {field(
              'category',
              t('incident.category'),
              <select
                name="category"
                value={draft.category}
                onChange={(e) => chooseCategory(e.target.value)}
                onKeyDown={(e) => pickByDigit(e, chooseCategory)}
              >
                {IncidentCategory.options.map((c, i) => (
                  <option key={c} value={c}>
                    {i + 1} {t(`incident.categories.${c}`)}
                  </option>
                ))}
              </select>,
            )}
            {field(
              'subtype',
              t('incident.subtype'),
              <select
                name="subtype"
                value={draft.subtype}
                onChange={(e) => set('subtype', e.target.value)}
                onKeyDown={(e) => pickByDigit(e, (v) => set('subtype', v))}
              >
                {subtypesByCategory[draft.category].map((s, i) => (
                  <option key={s} value={s}>
                    {i < 9 ? `${i + 1} ` : ''}
                    {t(`incident.subtypes.${s}`)}
                  </option>
                ))}
              </select>,
            )}
            {field(
              'level',
              t('incident.level'),
              <select
                name="level"
                value={draft.level}
                onChange={(e) => set('level', e.target.value as IncidentDraft['level'])}
                onKeyDown={(e) => pickByDigit(e, (v) => set('level', v as IncidentDraft['level']))}
              >
                {SeverityLevel.options.map((l, i) => (
                  <option key={l} value={l}>
                    {i + 1} {t(`incident.levels.${l}`)}
                  </option>
                ))}
              </select>,
            )}
            {field('address', t('incident.place'), text('address', { maxLength: 300 }))}
            {field(
              'areaCode',
              t('incident.areaCode'),
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
                  value={draft.areaCode}
                  placeholder={t('incident.areaPlaceholder')}
                  onChange={(e) => {
                    chooseArea(e.target.value);
                    setAreaOffer({ open: true, active: 0 });
                  }}
                  onKeyDown={onAreaKey}
                  onBlur={() => setAreaOffer({ open: false, active: 0 })}
                  aria-invalid={Boolean(errorFor('areaCode'))}
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
                {areaOf(resolveArea(draft.areaCode) ?? '') && (
                  <small data-testid="area-name">
                    {t('incident.areaName', { name: areaOf(resolveArea(draft.areaCode) ?? '')?.name ?? '' })}
                  </small>
                )}
              </>,
            )}
            {field('lon', t('incident.lon'), text('lon', { inputMode: 'decimal' }))}
            {field('lat', t('incident.lat'), text('lat', { inputMode: 'decimal' }))}
            <small className="point-source" role="note" aria-label={t('incident.pointFrom.label')}>
              {t(`incident.pointFrom.${pointFrom ?? 'none'}`)}
            </small>
            <button type="button" onClick={() => dispatch(placePickStarted())} data-testid="pick-on-map">
              {t('incident.pickOnMap')}
            </button>
            {field('callerName', t('incident.callerName'), text('callerName', { maxLength: 100 }))}
            {field(
              'callerPhone',
              t('incident.callerPhone'),
              text('callerPhone', { type: 'tel', maxLength: 32 }),
            )}
            <fieldset className="casualties">
              <legend>{t('incident.casualties')}</legend>
              {(['dead', 'injured', 'missing', 'trapped'] as const).map((k) =>
                field(k, t(`incident.${k}`), text(k, { type: 'number', min: 0, step: 1 })),
              )}
            </fieldset>
            {field(
              'description',
              t('incident.description'),
              <textarea
                name="description"
                value={draft.description}
                onChange={(e) => set('description', e.target.value)}
                rows={3}
                maxLength={8000}
              />,
            )}
            {/* Defaults (now, by phone) rarely change: last in the tab order, after the description. */}
            {(['occurredAt', 'receivedAt'] as const).map((key) => {
              const error = errorFor(key);
              return (
                <div key={key} className={`field field-${key}${error ? ' field-error' : ''}`}>
                  <span>{t(`incident.${key}`)}</span>
                  <DateTimeField
                    name={key}
                    label={t(`incident.${key}`)}
                    value={draft[key]}
                    invalid={Boolean(error)}
                    onChange={(v) => set(key, v)}
                  />
                  {error && (
                    <em className="error" role="alert" data-testid={`error-${key}`}>
                      {message(error)}
                    </em>
                  )}
                </div>
              );
            })}
            {field(
              'source',
              t('incident.source'),
              <select
                name="source"
                value={draft.source}
                onChange={(e) => set('source', e.target.value)}
                onKeyDown={(e) => pickByDigit(e, (v) => set('source', v))}
              >
                {IncidentSource.options.map((s, i) => (
                  <option key={s} value={s}>
                    {i < 9 ? `${i + 1} ` : ''}
                    {t(`incident.sources.${s}`)}
                  </option>
                ))}
              </select>,
            )}
          </div>
          {duplicates && (
            <section className="duplicates" role="alert" data-testid="duplicates">
              <h3>{t('incident.duplicates.title')}</h3>
              <ul>
                {duplicates.map(({ incident, gapMs }, i) => (
                  <li key={incident.id} data-testid="duplicate" data-incident-id={incident.id}>
                    <strong>{incident.facts.title}</strong> ·{' '}
                    {incident.facts.location.address || incident.facts.location.areaCode} ·{' '}
                    {formatChinaTime(Date.parse(incident.facts.receivedAt))} ·{' '}
                    {t('incident.duplicates.gap', { minutes: Math.round(gapMs / 60_000) })}
                    <button
                      type="button"
                      autoFocus={i === 0}
                      disabled={saving}
                      onClick={() => void merge(incident.id)}
                      data-testid="merge-into"
                    >
                      {t('incident.duplicates.merge')}
                    </button>
                  </li>
                ))}
              </ul>
              <button
                type="button"
                onClick={() => {
                  setConfirmedNew(true);
                  setDuplicates(null);
                  void submit(undefined, true);
                }}
                data-testid="register-anyway"
              >
                {t('incident.duplicates.registerAnyway')}
              </button>
            </section>
          )}
          {generalErrors.length > 0 && (
            <ul className="form-errors" role="alert" data-testid="form-errors">
              {generalErrors.map((e, i) => (
                <li key={i}>
                  {e.field ? t('errors.field', { field: e.field, message: message(e) }) : message(e)}
                </li>
              ))}
            </ul>
          )}
          <div className="form-actions">
            <button type="submit" className="primary" disabled={saving} data-testid="save-incident">
              {t('incident.save')}
            </button>
            <button type="button" onClick={onClose}>
              {t('incident.cancel')}
            </button>
          </div>
        </div>
      </form>
    </div>
  );
}
