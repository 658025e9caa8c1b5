import { useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { PinField, signinErrorText } from './PinField';
import { approveWithPin, recordPhoneApproval } from './slice';
import { HeaderDialog } from './HeaderDialog';

const errorText = (errors: unknown, en: boolean) => signinErrorText(errors, en ? 'en' : 'zh-CN');

/**
 * 签发 (issue 17): the leader signed in at this console confirms with their own PIN at that moment; the
 * station records the approval as verified by PIN.
 */
export function ConfirmSigning({
  reportId,
  title,
  onClose,
}: {
  reportId: string;
  title: string;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const dispatch = useAppDispatch();
  const session = useAppSelector((s) => s.signin.session);
  const [secret, setSecret] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    try {
      await dispatch(approveWithPin({ reportId, secret })).unwrap();
      onClose();
    } catch (errors) {
      setSecret('');
      setError(errorText(errors, i18n.language === 'en'));
    }
  };
  return (
    <HeaderDialog
      title={t('signin.confirmTitle')}
      onClose={onClose}
      closeLabel={t('signin.cancel')}
      onSubmit={(e) => void submit(e)}
      actions={
        <button type="submit" className="primary">
          {t('signin.confirm')}
        </button>
      }
    >
      <p>{title}</p>
      <p>{t('signin.confirmHint', { name: session?.person.name ?? '' })}</p>
      <PinField id="confirm-secret" autoFocus value={secret} onChange={setSecret} />
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </HeaderDialog>
  );
}

/**
 * 电话审批 (issue 17): the leader on duty approved by phone; the officer called them back on their number
 * in the directory and records it. The record names the leader as signer and the officer as recorder.
 */
export function RecordPhoneApproval({
  reportId,
  title,
  onClose,
}: {
  reportId: string;
  title: string;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const dispatch = useAppDispatch();
  const people = useAppSelector((s) => s.roster.staff);
  const leaders = people.filter((p) => p.active && p.dutyRoles.includes('leader'));
  const [leaderId, setLeaderId] = useState(leaders[0]?.id ?? '');
  const phones = people.find((p) => p.id === leaderId)?.phones ?? [];
  const [calledBack, setCalledBack] = useState('');
  const [confirmed, setConfirmed] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    if (!confirmed) return;
    try {
      await dispatch(
        recordPhoneApproval({ reportId, leaderId, calledBack: calledBack || phones[0] || '' }),
      ).unwrap();
      onClose();
    } catch (errors) {
      setError(errorText(errors, i18n.language === 'en'));
    }
  };
  return (
    <HeaderDialog
      title={t('signin.phoneTitle')}
      onClose={onClose}
      closeLabel={t('signin.cancel')}
      onSubmit={(e) => void submit(e)}
      actions={
        <button type="submit" className="primary" disabled={!confirmed}>
          {t('signin.phoneRecord')}
        </button>
      }
    >
      <p>{title}</p>
      <p>{t('signin.phoneHint')}</p>
      <label htmlFor="phone-leader">{t('signin.phoneLeader')}</label>
      <select id="phone-leader" value={leaderId} onChange={(e) => setLeaderId(e.target.value)} autoFocus>
        {leaders.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
      <label htmlFor="phone-number">{t('signin.phoneNumber')}</label>
      <select
        id="phone-number"
        value={calledBack || phones[0] || ''}
        onChange={(e) => setCalledBack(e.target.value)}
      >
        {phones.map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </select>
      <label>
        <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} />
        {t('signin.phoneConfirmed')}
      </label>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </HeaderDialog>
  );
}
