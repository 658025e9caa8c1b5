import { useEffect, useRef, useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DomainError } from '../../../shared/errors';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { recordDutyLog } from './commands';
import { emptyLine, recordInput, type LineDraft } from './entryLine';
import { isPlainEnter, sameLine, useErrorText } from './lineInput';
import { LineFields } from './LineFields';

/** 记一笔: Alt+L, 1–6 for the kind, Tab through counterpart, text and incident, Enter records. */
export function EntryLine({ onRecorded }: { onRecorded: () => void }) {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const selectedIncidentId = useAppSelector((s) => s.map.selectedIncidentId);
  const errorText = useErrorText();
  const [line, setLine] = useState<LineDraft>(() => emptyLine('call_received', selectedIncidentId ?? ''));
  const [errors, setErrors] = useState<DomainError[]>([]);
  const [saving, setSaving] = useState(false);
  const kindRef = useRef<HTMLSelectElement>(null);
  const lineNow = useRef(line);
  lineNow.current = line;

  // The line links to the incident selected on the board (list or map) unless the officer picks another.
  useEffect(() => {
    setLine((l) => ({ ...l, incidentId: selectedIncidentId ?? '' }));
  }, [selectedIncidentId]);

  const submit = async (event?: SubmitEvent) => {
    event?.preventDefault();
    if (saving) return;
    setSaving(true);
    const submitted = line;
    const result = await dispatch(recordDutyLog(recordInput(submitted)));
    setSaving(false);
    if (recordDutyLog.fulfilled.match(result)) {
      setErrors([]);
      // Nothing typed is lost on a refusal; after a success the line is ready for the next call — unless the
      // officer already typed on while the station answered: that text stays, and so does the focus.
      const untouched = sameLine(lineNow.current, submitted);
      setLine((current) =>
        sameLine(current, submitted) ? emptyLine(submitted.kind, submitted.incidentId) : current,
      );
      if (untouched) kindRef.current?.focus();
      onRecorded();
    } else {
      setErrors(result.payload ?? []);
    }
  };

  const general = errors.filter(
    (e) => !['kind', 'counterpart', 'text', 'incidentId'].includes(e.field?.split('.').pop() ?? ''),
  );
  return (
    <form
      className="dl-line"
      aria-label={t('dutyLog.line')}
      data-testid="dutylog-line"
      onSubmit={(e) => void submit(e)}
      onKeyDown={(e) => {
        if (isPlainEnter(e) && (e.target as HTMLElement).tagName !== 'BUTTON') {
          e.preventDefault();
          void submit();
        } else if (e.key === 'Escape') {
          setLine(emptyLine(line.kind, selectedIncidentId ?? ''));
          setErrors([]);
          (e.target as HTMLElement).blur();
        }
      }}
    >
      <LineFields line={line} onChange={setLine} errors={errors} kindRef={kindRef} idPrefix="dutylog-line" />
      <button type="submit" className="primary" disabled={saving} data-testid="dutylog-record">
        {t('dutyLog.record')}
      </button>
      {general.map((e, i) => (
        <em key={i} className="error" role="alert" data-testid="dutylog-line-error">
          {errorText(e)}
        </em>
      ))}
      <p className="dl-keys">{t('dutyLog.keys')}</p>
    </form>
  );
}
