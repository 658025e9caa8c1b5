import { useEffect, useRef, useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { PinField, signinErrorText as errorText } from './PinField';
import { loadAuthStatus, setUpAdministrator, signIn, signOut } from './slice';

/**
 * The console before anyone acts (issue 17): choose your name, type your PIN, Enter. On a station nobody
 * can sign in at yet, the first-run form sets up the administrator. A locked console offers its person
 * the unlock and anyone else the switch.
 */
export function SignInScreen() {
  const { t, i18n } = useTranslation();
  const dispatch = useAppDispatch();
  const status = useAppSelector((s) => s.signin.status);
  const session = useAppSelector((s) => s.signin.session);
  const lockedLocally = useAppSelector((s) => s.signin.lockedLocally);
  const locked = session && (session.locked || lockedLocally) ? session : null;
  const [personId, setPersonId] = useState('');
  const [secret, setSecret] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const secretRef = useRef<HTMLInputElement>(null);

  const connected = useAppSelector((s) => s.station.connected);
  useEffect(() => {
    if (!status && connected) void dispatch(loadAuthStatus());
  }, [dispatch, status, connected]);
  useEffect(() => {
    const chosen = locked?.person.id ?? status?.prefill ?? '';
    if (chosen && !personId) setPersonId(chosen);
  }, [locked, status, personId]);
  useEffect(() => {
    if (personId) secretRef.current?.focus();
  }, [personId]);

  if (!status) return <main className="signin" aria-busy="true" />;
  if (status.firstRun) return <FirstRun />;

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    if (!personId || busy) return;
    setBusy(true);
    setError(null);
    try {
      await dispatch(signIn({ personId, secret })).unwrap();
      setSecret('');
    } catch (errors) {
      setError(errorText(errors, i18n.language));
      setSecret('');
      secretRef.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="signin">
      <form className="signin-card" onSubmit={(e) => void submit(e)} aria-labelledby="signin-title">
        <h1 id="signin-title">{t('signin.title')}</h1>
        {locked && (
          <p role="status">
            {t('signin.locked', { minutes: status.idleLockMinutes, name: locked.person.name })}
          </p>
        )}
        <label htmlFor="signin-person">{t('signin.person')}</label>
        <select
          id="signin-person"
          value={personId}
          onChange={(e) => setPersonId(e.target.value)}
          autoFocus={!personId}
          required
        >
          <option value="">{t('signin.choose')}</option>
          {status.people.map((p) => (
            <option key={p.id} value={p.id} disabled={!p.canSignIn}>
              {p.name}
              {p.dutyRoles.includes('leader') ? ` · ${t('signin.leader')}` : ''}
              {p.canSignIn ? '' : `（${t('signin.noPin')}）`}
            </option>
          ))}
        </select>
        <PinField id="signin-secret" ref={secretRef} value={secret} onChange={setSecret} />
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <div className="signin-actions">
          <button type="submit" className="primary" disabled={busy}>
            {locked && locked.person.id === personId ? t('signin.unlock') : t('signin.submit')}
          </button>
          {locked && (
            <button type="button" onClick={() => void dispatch(signOut())}>
              {t('signin.switchPerson')}
            </button>
          )}
        </div>
      </form>
    </main>
  );
}

function FirstRun() {
  const { t, i18n } = useTranslation();
  const dispatch = useAppDispatch();
  const [name, setName] = useState('');
  const [secret, setSecret] = useState('');
  const [again, setAgain] = useState('');
  const [dutyRole, setDutyRole] = useState<'leader' | 'officer'>('leader');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    if (secret !== again) {
      setError(t('signin.mismatch'));
      return;
    }
    setError(null);
    try {
      await dispatch(setUpAdministrator({ name: name.trim(), secret, dutyRole })).unwrap();
    } catch (errors) {
      setError(errorText(errors, i18n.language));
    }
  };
  return (
    <main className="signin">
      <form className="signin-card" onSubmit={(e) => void submit(e)} aria-labelledby="firstrun-title">
        <h1 id="firstrun-title">{t('signin.firstRunTitle')}</h1>
        <p>{t('signin.firstRunHint')}</p>
        <label htmlFor="firstrun-name">{t('signin.name')}</label>
        <input id="firstrun-name" value={name} onChange={(e) => setName(e.target.value)} required autoFocus />
        <label htmlFor="firstrun-secret">{t('signin.newSecret')}</label>
        <input
          id="firstrun-secret"
          type="password"
          autoComplete="new-password"
          value={secret}
          onChange={(e) => setSecret(e.target.value)}
          required
        />
        <label htmlFor="firstrun-again">{t('signin.repeatSecret')}</label>
        <input
          id="firstrun-again"
          type="password"
          autoComplete="new-password"
          value={again}
          onChange={(e) => setAgain(e.target.value)}
          required
        />
        <fieldset>
          <legend>{t('signin.dutyRole')}</legend>
          <label>
            <input type="radio" name="dutyRole" checked={dutyRole === 'leader'} onChange={() => setDutyRole('leader')} />
            {t('signin.leader')}
          </label>
          <label>
            <input
              type="radio"
              name="dutyRole"
              checked={dutyRole === 'officer'}
              onChange={() => setDutyRole('officer')}
            />
            {t('signin.officer')}
          </label>
        </fieldset>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary">
          {t('signin.finish')}
        </button>
      </form>
    </main>
  );
}
