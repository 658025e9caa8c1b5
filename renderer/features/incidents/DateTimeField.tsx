import { useTranslation } from 'react-i18next';

/**
 * A China-time instant as two plain fields, 年-月-日 and 时:分 on the 24-hour clock, whatever the browser's
 * language: a native datetime-local input draws 12-hour AM/PM in an English-locale browser. The value is
 * `YYYY-MM-DDTHH:mm`, as factsFromDraft reads it.
 */
export function DateTimeField({
  name,
  label,
  value,
  invalid,
  onChange,
}: {
  name: string;
  label: string;
  value: string;
  invalid: boolean;
  onChange: (value: string) => void;
}) {
  const { t } = useTranslation();
  const [date = '', time = ''] = value.split('T');
  return (
    <span className="date-time" role="group" aria-label={label}>
      <input
        name={`${name}Date`}
        aria-label={`${label} · ${t('incident.datePart')}`}
        value={date}
        placeholder="2026-12-07"
        inputMode="numeric"
        pattern="\d{4}-\d{2}-\d{2}"
        maxLength={10}
        size={10}
        aria-invalid={invalid}
        onChange={(e) => onChange(`${e.target.value}T${time}`)}
      />
      <input
        name={`${name}Time`}
        aria-label={`${label} · ${t('incident.timePart')}`}
        value={time}
        placeholder="03:05"
        inputMode="numeric"
        pattern="([01]\d|2[0-3]):[0-5]\d"
        maxLength={5}
        size={5}
        aria-invalid={invalid}
        onChange={(e) => onChange(`${date}T${e.target.value}`)}
      />
    </span>
  );
}
