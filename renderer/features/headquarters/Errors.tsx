import { useTranslation } from 'react-i18next';
import type { DomainError } from '../../../shared/errors';

export function Errors({ errors }: { errors: DomainError[] }) {
  const { t, i18n } = useTranslation();
  if (errors.length === 0) return null;
  return (
    <ul className="hq-errors" role="alert" data-testid="hq-errors">
      {errors.map((e, i) => (
        <li key={i}>
          {t('errors.field', {
            field: e.field ?? '',
            message: `${i18n.language === 'en' ? e.message.en : e.message.zh}${e.detail ? `（${e.detail}）` : ''}`,
          })}
        </li>
      ))}
    </ul>
  );
}

export const asErrors = (e: unknown): DomainError[] => (Array.isArray(e) ? (e as DomainError[]) : []);
