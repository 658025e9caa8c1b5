import { forwardRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { DomainError } from '../../../shared/errors';

/**
 * The one PIN field (issue 17): a person types their own PIN or password to sign in, to unlock, to sign
 * (签发) and to sign a handover sheet. Labelled 口令 / PIN, never echoed, never kept by the browser.
 */
export const PinField = forwardRef<
  HTMLInputElement,
  {
    id: string;
    value: string;
    onChange: (value: string) => void;
    autoFocus?: boolean;
    /** A label other than 口令 (the incoming officer's PIN at handover). */
    label?: string;
  }
>(function PinField({ id, value, onChange, autoFocus, label }, ref) {
  const { t } = useTranslation();
  return (
    <>
      <label htmlFor={id}>{label ?? t('signin.secret')}</label>
      <input
        id={id}
        ref={ref}
        type="password"
        inputMode="numeric"
        autoComplete="off"
        autoFocus={autoFocus}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        required
      />
    </>
  );
});

/** A refusal the station sent, in the screen's language (a throttled attempt says how long to wait). */
export function signinErrorText(errors: unknown, language: string): string {
  const list = Array.isArray(errors) ? (errors as DomainError[]) : [];
  if (list.length === 0) return language === 'en' ? 'The station did not answer' : '本站没有应答';
  return list
    .map((e) => {
      const text = language === 'en' ? e.message.en : e.message.zh;
      if (e.code === 'SIGN_IN_THROTTLED' && e.detail)
        return `${text}（${language === 'en' ? `${e.detail} s` : `${e.detail} 秒`}）`;
      return text;
    })
    .join('；');
}
