import { useEffect, useRef, useState, type SubmitEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Incident } from '../../../shared/domain/incident';
import type { DomainError } from '../../../shared/errors';
import { formatChinaTime } from '../../../shared/time';
import { useAppSelector } from '../../app/hooks';
import { selectLanguage } from '../header/selectors';
import { selectMergeTargets } from './lifeSelectors';

/**
 * 合并: this incident is a duplicate of another already on record. The officer picks the one to keep (likely
 * duplicates first); the merge itself (waive, close, duty log) is the caller's.
 */
export function MergeForm({
  incident,
  onMerge,
  onCancel,
}: {
  incident: Incident;
  onMerge: (into: Incident) => Promise<DomainError[] | null>;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const language = useAppSelector(selectLanguage);
  const targets = useAppSelector((s) => selectMergeTargets(s, incident.id));
  const [into, setInto] = useState(targets[0]?.incident.id ?? '');
  const [errors, setErrors] = useState<DomainError[]>([]);
  const [saving, setSaving] = useState(false);
  const select = useRef<HTMLSelectElement>(null);
  useEffect(() => select.current?.focus(), []);
  const kept = targets.find((c) => c.incident.id === into)?.incident;

  const submit = async (e?: SubmitEvent) => {
    e?.preventDefault();
    if (!kept || saving) return;
    setSaving(true);
    const refused = await onMerge(kept);
    setSaving(false);
    if (refused) setErrors(refused);
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
      className="life-form"
      aria-label={t('life.mergeForm.title')}
      onSubmit={(e) => void submit(e)}
      onKeyDown={onKeyDown}
      data-testid="merge-form"
    >
      <h3>{t('life.mergeForm.title')}</h3>
      {targets.length === 0 ? (
        <p className="empty">{t('life.mergeForm.none')}</p>
      ) : (
        <label className="field">
          <span>{t('life.mergeForm.into')}</span>
          <select ref={select} value={into} onChange={(e) => setInto(e.target.value)}>
            {targets.map(({ incident: other, likely }) => (
              <option key={other.id} value={other.id}>
                {other.facts.title} · {formatChinaTime(Date.parse(other.facts.receivedAt))}
                {likely ? ` ${t('life.mergeForm.likely')}` : ''}
              </option>
            ))}
          </select>
        </label>
      )}
      <p className="keys-hint">{t('life.mergeForm.explain')}</p>
      {errors.length > 0 && (
        <ul className="form-errors" role="alert">
          {errors.map((e, i) => (
            <li key={i}>{language === 'en' ? e.message.en : e.message.zh}</li>
          ))}
        </ul>
      )}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={!kept || saving}>
          {saving ? t('life.saving') : t('life.mergeForm.save')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('incident.cancel')}
        </button>
      </div>
    </form>
  );
}
