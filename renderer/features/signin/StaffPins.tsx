import { useCallback, useEffect, useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { formatChinaTime } from '../../../shared/time';
import { domainError } from '../../../shared/errors';
import { NewSecret } from '../../../shared/auth/schemas';
import type { CredentialListing } from '../../../shared/auth/credentials';
import { credentials, revokeCredential, setCredential } from './slice';
import { PinField, signinErrorText } from './PinField';
import { HeaderDialog } from './HeaderDialog';

type Acting = { kind: 'set' | 'revoke'; person: CredentialListing['person'] } | null;

/**
 * 人员口令 (issue 17): the administrator's screen for the staff's sign-in. The directory with each person's
 * PIN state and its last change on record; 设置口令 / 重置口令 with a new PIN typed twice (the one PIN rule),
 * and 停用登录 for someone who left. The station checks the caller is an administrator, ends the person's
 * sessions on a reset or revocation, and records who did it (never the PIN).
 */
export function StaffPins({ onClose }: { onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const dispatch = useAppDispatch();
  const session = useAppSelector((s) => s.signin.session);
  const [list, setList] = useState<CredentialListing[]>([]);
  const [acting, setActing] = useState<Acting>(null);
  const [secret, setSecret] = useState('');
  const [again, setAgain] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const reload = useCallback(async () => {
    try {
      setList(await dispatch(credentials()).unwrap());
    } catch (errors) {
      setError(signinErrorText(errors, i18n.language));
    }
  }, [dispatch, i18n.language]);
  useEffect(() => {
    void reload();
  }, [reload]);

  const start = (kind: 'set' | 'revoke', person: CredentialListing['person']) => {
    setActing({ kind, person });
    setSecret('');
    setAgain('');
    setReason('');
    setError(null);
    setDone(null);
  };

  const submitPin = async (e: SubmitEvent) => {
    e.preventDefault();
    if (!acting) return;
    if (!NewSecret.safeParse(secret).success) {
      setError(signinErrorText([domainError('WEAK_SECRET', 'secret')], i18n.language));
      return;
    }
    if (secret !== again) {
      setError(t('signin.mismatch'));
      return;
    }
    setError(null);
    const { person } = acting;
    const had = list.find((x) => x.person.id === person.id)?.state === 'set';
    try {
      const count = await dispatch(setCredential({ personId: person.id, secret })).unwrap();
      setDone(
        had ? t('signin.pinReset', { name: person.name, count }) : t('signin.pinSet', { name: person.name }),
      );
      setActing(null);
      setSecret('');
      setAgain('');
      await reload();
    } catch (errors) {
      setError(signinErrorText(errors, i18n.language));
    }
  };

  const submitRevoke = async (e: SubmitEvent) => {
    e.preventDefault();
    if (!acting) return;
    setError(null);
    const { person } = acting;
    try {
      const count = await dispatch(revokeCredential({ personId: person.id, reason: reason.trim() })).unwrap();
      setDone(t('signin.signInRevoked', { name: person.name, count }));
      setActing(null);
      await reload();
    } catch (errors) {
      setError(signinErrorText(errors, i18n.language));
    }
  };

  return (
    <HeaderDialog title={t('signin.credentials')} onClose={onClose} closeLabel={t('signin.close')}>
      <p>{t('signin.credentialsHint')}</p>
      <table aria-label={t('signin.credentials')}>
        <thead>
          <tr>
            <th scope="col">{t('signin.name')}</th>
            <th scope="col">{t('signin.dutyRole')}</th>
            <th scope="col">{t('signin.credentialState')}</th>
            <th scope="col">{t('signin.credentialChanged')}</th>
            <th scope="col" />
          </tr>
        </thead>
        <tbody>
          {list.map((x) => (
            <tr key={x.person.id}>
              <th scope="row">{x.person.name}</th>
              <td>
                {x.person.dutyRoles.includes('leader') ? t('signin.leader') : t('signin.officer')}
                {x.admin && ` · ${t('signin.credentialAdmin')}`}
                {!x.person.active && ` · ${t('signin.credentialLeft')}`}
              </td>
              <td>{t(`signin.credentialState_${x.state}`)}</td>
              <td>
                {x.changedAt &&
                  t('signin.credentialChangedLine', {
                    time: formatChinaTime(Date.parse(x.changedAt)),
                    by: x.changedBy ?? '',
                  })}
              </td>
              <td>
                {x.person.active && (
                  <button type="button" onClick={() => start('set', x.person)}>
                    {x.state === 'set'
                      ? t('signin.resetPin', { name: x.person.name })
                      : t('signin.setPin', { name: x.person.name })}
                  </button>
                )}
                {x.state === 'set' && x.person.id !== session?.person.id && (
                  <button type="button" onClick={() => start('revoke', x.person)}>
                    {t('signin.revokeSignIn', { name: x.person.name })}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {acting?.kind === 'set' && (
        <form
          aria-label={t('signin.setPinTitle', { name: acting.person.name })}
          onSubmit={(e) => void submitPin(e)}
        >
          <h3>{t('signin.setPinTitle', { name: acting.person.name })}</h3>
          <PinField
            id="staff-pin-new"
            label={t('signin.newPin')}
            value={secret}
            onChange={setSecret}
            autoFocus
          />
          <PinField id="staff-pin-again" label={t('signin.newPinAgain')} value={again} onChange={setAgain} />
          <div className="modal-actions">
            <button type="submit" className="primary">
              {t('signin.savePin')}
            </button>
            <button type="button" onClick={() => setActing(null)}>
              {t('signin.cancel')}
            </button>
          </div>
        </form>
      )}
      {acting?.kind === 'revoke' && (
        <form
          aria-label={t('signin.revokeTitle', { name: acting.person.name })}
          onSubmit={(e) => void submitRevoke(e)}
        >
          <h3>{t('signin.revokeTitle', { name: acting.person.name })}</h3>
          <p>{t('signin.revokeHint')}</p>
          <label htmlFor="staff-revoke-reason">{t('signin.revokeReason')}</label>
          <input
            id="staff-revoke-reason"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            autoFocus
          />
          <div className="modal-actions">
            <button type="submit" className="primary">
              {t('signin.revokeConfirm')}
            </button>
            <button type="button" onClick={() => setActing(null)}>
              {t('signin.cancel')}
            </button>
          </div>
        </form>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {done && <p role="status">{done}</p>}
    </HeaderDialog>
  );
}
