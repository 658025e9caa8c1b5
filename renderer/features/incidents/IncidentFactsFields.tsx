import type { InputHTMLAttributes, KeyboardEvent, ReactNode, Ref } from 'react';
import { useTranslation } from 'react-i18next';
import {
  IncidentCategory,
  IncidentSource,
  SeverityLevel,
  subtypesByCategory,
} from '../../../shared/domain/incident';
import type { DomainError } from '../../../shared/errors';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { selectLanguage } from '../header/selectors';
import type { IncidentDraft } from './facts';
import { AreaField } from './AreaField';
import { DateTimeField } from './DateTimeField';
import { placePickStarted } from './slice';

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

/** Where the point came from, and the form says so: a map click, typed coordinates, an area's centroid. */
export type PointFrom = 'map' | 'typed' | 'centroid' | null;

/** The facts of a call in tab order, each with its error beside it; the place from the map, typed, or an area. */
export function IncidentFactsFields({
  draft,
  errors,
  pointFrom,
  firstRef,
  set,
  chooseCategory,
  chooseArea,
}: {
  draft: IncidentDraft;
  errors: readonly DomainError[];
  pointFrom: PointFrom;
  firstRef: Ref<HTMLInputElement>;
  set: <K extends keyof IncidentDraft>(key: K, value: IncidentDraft[K]) => void;
  chooseCategory: (value: string) => void;
  chooseArea: (value: string) => void;
}) {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const language = useAppSelector(selectLanguage);
  const errorFor = (field: string) => errors.find((e) => e.field === field || e.field?.endsWith(`.${field}`));
  const message = (e: DomainError) => (language === 'en' ? e.message.en : e.message.zh);
  const field = (key: keyof IncidentDraft, label: string, input: ReactNode) => {
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
    props: InputHTMLAttributes<HTMLInputElement> & { ref?: Ref<HTMLInputElement> } = {},
  ) => (
    <input
      name={key}
      value={draft[key]}
      onChange={(e) => set(key, e.target.value)}
      aria-invalid={Boolean(errorFor(key))}
      {...props}
    />
  );

  return (
    <div className="form-grid">
      {field('title', t('incident.title'), text('title', { ref: firstRef, required: true, maxLength: 200 }))}
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
        <AreaField value={draft.areaCode} invalid={Boolean(errorFor('areaCode'))} onChoose={chooseArea} />,
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
      {field('callerPhone', t('incident.callerPhone'), text('callerPhone', { type: 'tel', maxLength: 32 }))}
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
  );
}
