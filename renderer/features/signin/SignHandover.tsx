import { useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { selectStaffNames } from '../roster/selectors';
import { PinField, signinErrorText } from './PinField';
import { signHandoverWithPin } from './slice';
import { HeaderDialog } from './HeaderDialog';

/**
 * 交接班签字 (issue 17): one side of a kept handover sheet is signed by a person of that side's crew, with
 * their own PIN typed here at that moment. The outgoing side signs first; when the incoming signer signs,
 * the station passes this console to them (the outgoing officer's session ends).
 */
export function SignHandover({
  rosterId,
  handoverId,
  side,
  crew,
  onClose,
}: {
  rosterId: string;
  handoverId: string;
  side: 'outgoing' | 'incoming';
  crew: { leader?: string | undefined; officers: readonly string[] };
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const dispatch = useAppDispatch();
  const names = useAppSelector(selectStaffNames);
  const session = useAppSelector((s) => s.signin.session);
  const people = [...(crew.leader ? [crew.leader] : []), ...crew.officers];
  const [personId, setPersonId] = useState(
    session && people.includes(session.person.id) ? session.person.id : (people[0] ?? ''),
  );
  const [secret, setSecret] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    if (!personId || busy) return;
    setBusy(true);
    setError(null);
    try {
      await dispatch(signHandoverWithPin({ rosterId, handoverId, side, personId, secret })).unwrap();
      onClose();
    } catch (errors) {
      setSecret('');
      setError(signinErrorText(errors, i18n.language));
    } finally {
      setBusy(false);
    }
  };
  return (
    <HeaderDialog
      title={t(`roster.handover.sign_${side}`)}
      onClose={onClose}
      closeLabel={t('signin.cancel')}
      onSubmit={(e) => void submit(e)}
      actions={
        <button type="submit" className="primary" disabled={busy}>
          {t('signin.handoverConfirm')}
        </button>
      }
    >
      <p>{t(`signin.handoverHint_${side}`)}</p>
      <label htmlFor="handover-signer">{t('signin.signer')}</label>
      <select id="handover-signer" value={personId} onChange={(e) => setPersonId(e.target.value)} required>
        {people.map((id) => (
          <option key={id} value={id}>
            {names.get(id) ?? id}
          </option>
        ))}
      </select>
      <PinField id="handover-secret" autoFocus value={secret} onChange={setSecret} />
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </HeaderDialog>
  );
}
