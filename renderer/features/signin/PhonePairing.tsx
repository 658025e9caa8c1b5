import { useCallback, useEffect, useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import type { PhoneTerminal } from '../../../shared/auth/schemas';
import { pairPhone, phoneTerminals, revokePhone } from './slice';
import { signinErrorText } from './PinField';
import { HeaderDialog } from './HeaderDialog';

/**
 * 手机审批 (issue 17): the person signed in here pairs their own phone. The link carries the terminal's
 * token and is shown once: opened on the phone, the page keeps it there and lists what awaits 签发, each
 * signed with the person's PIN typed on the phone. Their paired phones are listed, each revocable.
 */
export function PhonePairing({ onClose }: { onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const dispatch = useAppDispatch();
  const session = useAppSelector((s) => s.signin.session);
  const [label, setLabel] = useState('');
  const [link, setLink] = useState<string | null>(null);
  const [terminals, setTerminals] = useState<PhoneTerminal[]>([]);
  const [error, setError] = useState<string | null>(null);
  const personId = session?.person.id;

  const reload = useCallback(async () => {
    try {
      setTerminals(await dispatch(phoneTerminals()).unwrap());
    } catch (errors) {
      setError(signinErrorText(errors, i18n.language));
    }
  }, [dispatch, i18n.language]);
  useEffect(() => {
    void reload();
  }, [reload]);

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    if (!personId) return;
    setError(null);
    try {
      const paired = await dispatch(pairPhone({ personId, label: label.trim() })).unwrap();
      setLink(new URL(paired.path, window.location.href).href);
      setLabel('');
      await reload();
    } catch (errors) {
      setError(signinErrorText(errors, i18n.language));
    }
  };
  const revoke = async (terminalId: string) => {
    setError(null);
    try {
      await dispatch(revokePhone({ terminalId })).unwrap();
      await reload();
    } catch (errors) {
      setError(signinErrorText(errors, i18n.language));
    }
  };
  const mine = terminals.filter((x) => x.person.id === personId);

  return (
    <HeaderDialog
      title={t('signin.pairTitle')}
      onClose={onClose}
      closeLabel={t('signin.close')}
      onSubmit={(e) => void submit(e)}
    >
      <p>{t('signin.pairHint', { name: session?.person.name ?? '' })}</p>
      <label htmlFor="pair-label">{t('signin.pairLabel')}</label>
      <input id="pair-label" value={label} onChange={(e) => setLabel(e.target.value)} required autoFocus />
      <div className="modal-actions">
        <button type="submit" className="primary">
          {t('signin.pair')}
        </button>
      </div>
      {link && (
        <>
          <label htmlFor="pair-link">{t('signin.pairLink')}</label>
          <input id="pair-link" readOnly value={link} onFocus={(e) => e.target.select()} />
        </>
      )}
      <h3>{t('signin.pairedPhones')}</h3>
      <ul>
        {mine.length === 0 && <li>{t('signin.noPhones')}</li>}
        {mine.map((x) => (
          <li key={x.id}>
            {x.label}
            {x.revokedAt ? (
              `（${t('signin.revoked')}）`
            ) : (
              <button type="button" onClick={() => void revoke(x.id)}>
                {t('signin.revoke', { label: x.label })}
              </button>
            )}
          </li>
        ))}
      </ul>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </HeaderDialog>
  );
}
