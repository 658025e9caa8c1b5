import { useTranslation } from 'react-i18next';
import { useAppSelector } from '../../app/hooks';

/** The station's refusal of the last warning command, field by field. */
export function WarningErrors() {
  const { t } = useTranslation();
  const errors = useAppSelector((s) => s.warnings.errors);
  if (errors.length === 0) return null;
  return (
    <ul className="form-errors" role="alert" data-testid="warning-errors">
      {errors.map((e, i) => (
        <li key={i}>
          {t('warnings.error', { message: e.message.zh, field: e.field ?? '', detail: e.detail ?? '' })}
        </li>
      ))}
    </ul>
  );
}
