import { useEffect, useRef, useState, type SubmitEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DomainError } from '../../../shared/errors';
import { useAppSelector } from '../../app/hooks';
import { selectLanguage } from '../header/selectors';

/**
 * One required text and a confirm button: the closing note, the reason to reopen, to waive a report, to
 * cancel an order. Ctrl+Enter confirms, Esc goes back. Nothing is sent while the text is blank; a refusal
 * from the station stays on screen with the text kept.
 */
export function ReasonForm({
  title,
  label,
  submitLabel,
  onSubmit,
  onCancel,
  testId,
}: {
  title: string;
  label: string;
  submitLabel: string;
  /** Sends the command; resolves to the station's errors, or null when it was recorded. */
  onSubmit: (text: string) => Promise<DomainError[] | null>;
  onCancel: () => void;
  testId: string;
}) {
  const { t } = useTranslation();
  const language = useAppSelector(selectLanguage);
  const [text, setText] = useState('');
  const [errors, setErrors] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);
  const input = useRef<HTMLTextAreaElement>(null);
  useEffect(() => input.current?.focus(), []);

  const submit = async (e?: SubmitEvent) => {
    e?.preventDefault();
    if (saving) return;
    if (text.trim() === '') {
      setErrors([t('life.required')]);
      input.current?.focus();
      return;
    }
    setSaving(true);
    const refused = await onSubmit(text.trim());
    setSaving(false);
    if (refused) setErrors(refused.map((r) => (language === 'en' ? r.message.en : r.message.zh)));
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
      aria-label={title}
      onSubmit={(e) => void submit(e)}
      onKeyDown={onKeyDown}
      data-testid={testId}
    >
      <h3>{title}</h3>
      <label className="field">
        <span>{label}</span>
        <textarea
          ref={input}
          value={text}
          onChange={(e) => setText(e.target.value)}
          rows={3}
          maxLength={2000}
          required
          aria-invalid={errors.length > 0}
        />
      </label>
      {errors.length > 0 && (
        <ul className="form-errors" role="alert">
          {errors.map((m, i) => (
            <li key={i}>{m}</li>
          ))}
        </ul>
      )}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={saving}>
          {saving ? t('life.saving') : submitLabel}
        </button>
        <button type="button" onClick={onCancel}>
          {t('incident.cancel')}
        </button>
      </div>
      <p className="keys-hint">{t('life.update.keys')}</p>
    </form>
  );
}
