import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  IncidentCategory,
  IncidentSource,
  SeverityLevel,
  subtypesByCategory,
} from '../../../shared/domain/incident';
import type { DomainError } from '../../../shared/errors';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { registerIncident } from '../../app/commands';
import { selectLanguage, selectNow, selectStation } from '../header/selectors';
import { emptyDraft, factsFromDraft, type IncidentDraft } from './facts';

/** 接报登记: keyboard first — Tab through, Ctrl+Enter saves, Esc cancels. */
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
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);

  const set = <K extends keyof IncidentDraft>(key: K, value: IncidentDraft[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));
  const errorFor = (field: string) => errors.find((e) => e.field === field || e.field?.endsWith(`.${field}`));
  const message = (e: DomainError) => (language === 'en' ? e.message.en : e.message.zh);

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (saving) return;
    const facts = factsFromDraft(draft);
    if (!facts.ok) {
      setErrors(facts.errors);
      return;
    }
    setSaving(true);
    const result = await dispatch(registerIncident({ facts: facts.value }));
    setSaving(false);
    if (registerIncident.fulfilled.match(result)) {
      onSaved(facts.value.title);
      onClose();
    } else {
      setErrors(result.payload ?? []);
    }
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void submit();
    if (e.key === 'Escape') onClose();
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
    key: keyof IncidentDraft,
    props: React.InputHTMLAttributes<HTMLInputElement> & { ref?: React.Ref<HTMLInputElement> } = {},
  ) => (
    <input
      name={key}
      value={draft[key]}
      onChange={(e) => set(key, e.target.value as never)}
      aria-invalid={Boolean(errorFor(key))}
      {...props}
    />
  );

  const generalErrors = errors.filter((e) => !e.field || !((e.field.split('.').pop() ?? '') in draft));

  return (
    <div className="modal-backdrop" role="presentation">
      <form
        className="incident-form"
        aria-label={t('incident.new')}
        onSubmit={(e) => void submit(e)}
        onKeyDown={onKeyDown}
        data-testid="incident-form"
      >
        <h2>{t('incident.new')}</h2>
        <div className="form-grid">
          {field('title', t('incident.title'), text('title', { ref: first, required: true, maxLength: 200 }))}
          {field(
            'category',
            t('incident.category'),
            <select
              name="category"
              value={draft.category}
              onChange={(e) => {
                const category = e.target.value as IncidentDraft['category'];
                setDraft((d) => ({ ...d, category, subtype: subtypesByCategory[category][0] }));
              }}
            >
              {IncidentCategory.options.map((c) => (
                <option key={c} value={c}>
                  {t(`incident.categories.${c}`)}
                </option>
              ))}
            </select>,
          )}
          {field(
            'subtype',
            t('incident.subtype'),
            <select name="subtype" value={draft.subtype} onChange={(e) => set('subtype', e.target.value)}>
              {subtypesByCategory[draft.category].map((s) => (
                <option key={s} value={s}>
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
            >
              {SeverityLevel.options.map((l) => (
                <option key={l} value={l}>
                  {t(`incident.levels.${l}`)}
                </option>
              ))}
            </select>,
          )}
          {field('address', t('incident.place'), text('address', { maxLength: 300 }))}
          {field(
            'areaCode',
            t('incident.areaCode'),
            text('areaCode', { inputMode: 'numeric', maxLength: 12 }),
          )}
          {field('lon', t('incident.lon'), text('lon', { inputMode: 'decimal' }))}
          {field('lat', t('incident.lat'), text('lat', { inputMode: 'decimal' }))}
          {field('occurredAt', t('incident.occurredAt'), text('occurredAt', { type: 'datetime-local' }))}
          {field('receivedAt', t('incident.receivedAt'), text('receivedAt', { type: 'datetime-local' }))}
          {field(
            'source',
            t('incident.source'),
            <select name="source" value={draft.source} onChange={(e) => set('source', e.target.value)}>
              {IncidentSource.options.map((s) => (
                <option key={s} value={s}>
                  {t(`incident.sources.${s}`)}
                </option>
              ))}
            </select>,
          )}
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
        </div>
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
      </form>
    </div>
  );
}
