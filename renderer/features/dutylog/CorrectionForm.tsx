import { useEffect, useRef, useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DutyLogEntry } from '../../../shared/dutylog/aggregate';
import type { DomainError } from '../../../shared/errors';
import { useAppDispatch } from '../../app/hooks';
import { correctDutyLog } from './commands';
import { changesOf, lineOf, type LineDraft } from './entryLine';
import { isPlainEnter, useErrorText } from './lineInput';
import { LineFields } from './LineFields';

/** 更正: the entry's fields prefilled, a reason required; the original stays on record as version 1. */
export function CorrectionForm({ entry, onClose }: { entry: DutyLogEntry; onClose: () => void }) {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const errorText = useErrorText();
  const [line, setLine] = useState<LineDraft>(() => lineOf(entry));
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<DomainError[]>([]);
  const textRef = useRef<HTMLInputElement>(null);
  useEffect(() => textRef.current?.focus(), []);

  const submit = async (event?: SubmitEvent) => {
    event?.preventDefault();
    const result = await dispatch(
      correctDutyLog({ entryId: entry.id, changes: changesOf(entry, line), reason }),
    );
    if (correctDutyLog.fulfilled.match(result)) onClose();
    else setErrors(result.payload ?? []);
  };
  const reasonError = errors.find((e) => e.field?.endsWith('reason'));
  const general = errors.filter(
    (e) => e !== reasonError && !/\.(kind|counterpart|text|incidentId)$/.test(e.field ?? ''),
  );
  return (
    <form
      className="dl-line dl-correction"
      aria-label={t('dutyLog.correcting')}
      data-testid="dutylog-correction"
      onSubmit={(e) => void submit(e)}
      onKeyDown={(e) => {
        if (isPlainEnter(e) && (e.target as HTMLElement).tagName !== 'BUTTON') {
          e.preventDefault();
          void submit();
        } else if (e.key === 'Escape') onClose();
      }}
    >
      <h3>{t('dutyLog.correcting')}</h3>
      <LineFields
        line={line}
        onChange={setLine}
        errors={errors}
        textRef={textRef}
        idPrefix="dutylog-correction"
      />
      <label className={`dl-field dl-field-reason${reasonError ? ' field-error' : ''}`}>
        <span className="dl-label">{t('dutyLog.reason')}</span>
        <input
          name="reason"
          value={reason}
          maxLength={500}
          data-testid="dutylog-correction-reason"
          onChange={(e) => setReason(e.target.value)}
        />
        {reasonError && (
          <em className="error" role="alert" data-testid="dutylog-correction-error-reason">
            {errorText(reasonError)}
          </em>
        )}
      </label>
      <button type="submit" className="primary" data-testid="dutylog-correction-save">
        {t('dutyLog.saveCorrection')}
      </button>
      <button type="button" onClick={onClose}>
        {t('dutyLog.cancel')}
      </button>
      {general.map((e, i) => (
        <em key={i} className="error" role="alert" data-testid="dutylog-correction-error">
          {errorText(e)}
        </em>
      ))}
    </form>
  );
}
