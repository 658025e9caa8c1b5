import { useEffect, useMemo, useRef, useState, type SubmitEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { SeverityLevel, type Incident } from '../../../shared/domain/incident';
import type { DomainError } from '../../../shared/errors';
import { useAppSelector } from '../../app/hooks';
import { selectLanguage } from '../header/selectors';
import { areaOf, divisionName, knownAreas, useAreas } from './areas';
import {
  CASUALTY_FIELDS,
  changesFrom,
  formFromIncident,
  type ChangeLine,
  type FactsChanges,
  type FactsForm,
} from './changes';

/**
 * 更新情况: casualties (死亡/受伤/失踪/被困), level, area, place and description, with what changes listed
 * before it is saved. Ctrl+Enter saves, Esc goes back. Only what changed is sent.
 */
export function FactsUpdateForm({
  incident,
  onSave,
  onCancel,
}: {
  incident: Incident;
  onSave: (
    changes: Partial<FactsChanges>,
    note: string,
    lines: ChangeLine[],
  ) => Promise<DomainError[] | null>;
  onCancel: () => void;
}) {
  // The station's townships to choose from, and names for the change lines (行政区划 from the gazetteer).
  useAreas();
  const { t } = useTranslation();
  const language = useAppSelector(selectLanguage);
  const [form, setForm] = useState<FactsForm>(() => formFromIncident(incident));
  const [note, setNote] = useState('');
  const [refused, setRefused] = useState<DomainError[]>([]);
  const [saving, setSaving] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  const checked = useMemo(() => changesFrom(incident, form), [incident, form]);
  const lines = checked.ok ? checked.value.lines : [];
  const badFields = new Set(checked.ok ? [] : checked.errors.map((e) => e.field));

  const set = (key: keyof FactsForm, value: string) => setForm((f) => ({ ...f, [key]: value }));
  const shown = (line: ChangeLine, side: 'from' | 'to') => {
    const value = line[side];
    if (line.field === 'level') return t(`incident.levels.${value}`);
    if (line.field === 'areaCode') return areaOf(value)?.name ?? (value || t('life.update.empty'));
    if (line.field === 'description') return side === 'to' ? t('life.update.descriptionChanged') : '';
    return value === '' ? t('life.update.empty') : value;
  };
  const submit = async (e?: SubmitEvent) => {
    e?.preventDefault();
    if (saving || !checked.ok || lines.length === 0) return;
    setSaving(true);
    const errors = await onSave(checked.value.changes, note.trim(), lines);
    setSaving(false);
    if (errors) setRefused(errors);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void submit();
    else if (e.key === 'Escape') onCancel();
    else return;
    e.preventDefault();
    e.stopPropagation();
  };

  return (
    <form
      className="life-form facts-update"
      aria-label={t('life.update.title')}
      onSubmit={(e) => void submit(e)}
      onKeyDown={onKeyDown}
      data-testid="facts-update"
    >
      <h3>{t('life.update.title')}</h3>
      <fieldset className="casualties">
        <legend>{t('incident.casualties')}</legend>
        {CASUALTY_FIELDS.map((k, i) => (
          <label key={k} className={`field${badFields.has(k) ? ' field-error' : ''}`}>
            <span>{t(`life.fields.${k}`)}</span>
            <input
              ref={i === 0 ? first : undefined}
              name={k}
              type="number"
              min={0}
              step={1}
              value={form[k]}
              onChange={(e) => set(k, e.target.value)}
              aria-invalid={badFields.has(k)}
            />
          </label>
        ))}
      </fieldset>
      <div className="form-grid">
        <label className="field">
          <span>{t('life.fields.level')}</span>
          <select name="level" value={form.level} onChange={(e) => set('level', e.target.value)}>
            {SeverityLevel.options.map((l) => (
              <option key={l} value={l}>
                {t(`incident.levels.${l}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('life.fields.areaCode')}</span>
          <select name="areaCode" value={form.areaCode} onChange={(e) => set('areaCode', e.target.value)}>
            {!knownAreas().some((a) => a.code === form.areaCode) && (
              <option value={form.areaCode}>{divisionName(form.areaCode)}</option>
            )}
            {knownAreas().map((a) => (
              <option key={a.code} value={a.code}>
                {a.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('life.fields.address')}</span>
          <input
            name="address"
            value={form.address}
            maxLength={300}
            onChange={(e) => set('address', e.target.value)}
          />
        </label>
        <label className="field field-description">
          <span>{t('life.fields.description')}</span>
          <textarea
            name="description"
            value={form.description}
            rows={3}
            maxLength={8000}
            onChange={(e) => set('description', e.target.value)}
          />
        </label>
        <label className="field">
          <span>{t('life.update.note')}</span>
          <input name="note" value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)} />
        </label>
      </div>
      <section
        className="changes"
        aria-live="polite"
        aria-label={t('life.update.changes')}
        data-testid="facts-changes"
      >
        <h4>{t('life.update.changes')}</h4>
        {lines.length === 0 ? (
          <p className="empty">{t('life.update.noChanges')}</p>
        ) : (
          <ul>
            {lines.map((line) => (
              <li key={line.field} data-field={line.field}>
                {line.field === 'description'
                  ? `${t('life.fields.description')}：${shown(line, 'to')}`
                  : t('life.update.change', {
                      field: t(`life.fields.${line.field}`),
                      from: shown(line, 'from'),
                      to: shown(line, 'to'),
                    })}
              </li>
            ))}
          </ul>
        )}
      </section>
      {(!checked.ok || refused.length > 0) && (
        <ul className="form-errors" role="alert">
          {(checked.ok ? refused : checked.errors).map((e, i) => (
            <li key={i}>
              {e.field && e.field in form ? `${t(`life.fields.${e.field}`)}：` : ''}
              {language === 'en' ? e.message.en : e.message.zh}
            </li>
          ))}
        </ul>
      )}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={saving || !checked.ok || lines.length === 0}>
          {saving ? t('life.saving') : t('life.update.save')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('incident.cancel')}
        </button>
      </div>
      <p className="keys-hint">{t('life.update.keys')}</p>
    </form>
  );
}
