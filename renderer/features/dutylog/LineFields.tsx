import { type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { DUTY_LOG_KINDS } from '../../../shared/dutylog/events';
import type { DomainError } from '../../../shared/errors';
import { useAppSelector } from '../../app/hooks';
import { selectAllIncidents, selectIncidentsByUrgency } from '../incidents/selectors';
import { kindForKey, type LineDraft } from './entryLine';
import { useErrorText } from './lineInput';

/** The fields of an entry (kind, counterpart, text, incident) as one keyboard line; used to record and to correct. */
export function LineFields({
  line,
  onChange,
  errors,
  kindRef,
  textRef,
  idPrefix,
}: {
  line: LineDraft;
  onChange: (line: LineDraft) => void;
  errors: DomainError[];
  kindRef?: React.Ref<HTMLSelectElement>;
  textRef?: React.Ref<HTMLInputElement>;
  idPrefix: string;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const incidents = useAppSelector(selectIncidentsByUrgency);
  const all = useAppSelector(selectAllIncidents);
  const linked = line.incidentId ? all.find((i) => i.id === line.incidentId) : undefined;
  const options = linked && !incidents.includes(linked) ? [linked, ...incidents] : incidents;
  const errorOf = (field: string) => errors.find((e) => e.field?.split('.').pop() === field);
  const field = (name: string, label: string, input: ReactNode) => {
    const error = errorOf(name);
    return (
      <label className={`dl-field dl-field-${name}${error ? ' field-error' : ''}`}>
        <span className="dl-label">{label}</span>
        {input}
        {error && (
          <em className="error" role="alert" data-testid={`${idPrefix}-error-${name}`}>
            {errorText(error)}
          </em>
        )}
      </label>
    );
  };
  return (
    <>
      {field(
        'kind',
        t('dutyLog.kind'),
        <select
          ref={kindRef}
          name="kind"
          value={line.kind}
          data-testid={`${idPrefix}-kind`}
          onChange={(e) => onChange({ ...line, kind: e.target.value as LineDraft['kind'] })}
          onKeyDown={(e) => {
            const kind = kindForKey(e.key);
            if (kind && !e.altKey && !e.ctrlKey && !e.metaKey) {
              e.preventDefault();
              onChange({ ...line, kind });
            }
          }}
        >
          {DUTY_LOG_KINDS.map((k, i) => (
            <option key={k} value={k}>
              {i + 1} {t(`dutyLog.kinds.${k}`)}
            </option>
          ))}
        </select>,
      )}
      {field(
        'counterpart',
        t('dutyLog.counterpart'),
        <input
          name="counterpart"
          value={line.counterpart}
          maxLength={100}
          placeholder={t('dutyLog.counterpartHint')}
          data-testid={`${idPrefix}-counterpart`}
          aria-invalid={Boolean(errorOf('counterpart'))}
          onChange={(e) => onChange({ ...line, counterpart: e.target.value })}
        />,
      )}
      {field(
        'text',
        t('dutyLog.text'),
        <input
          ref={textRef}
          name="text"
          value={line.text}
          maxLength={2000}
          placeholder={t('dutyLog.textHint')}
          data-testid={`${idPrefix}-text`}
          aria-invalid={Boolean(errorOf('text'))}
          onChange={(e) => onChange({ ...line, text: e.target.value })}
        />,
      )}
      {field(
        'incidentId',
        t('dutyLog.incident'),
        <select
          name="incidentId"
          value={line.incidentId}
          data-testid={`${idPrefix}-incident`}
          onChange={(e) => onChange({ ...line, incidentId: e.target.value })}
        >
          <option value="">{t('dutyLog.noIncident')}</option>
          {options.map((i) => (
            <option key={i.id} value={i.id}>
              {i.facts.title}
            </option>
          ))}
        </select>,
      )}
    </>
  );
}
