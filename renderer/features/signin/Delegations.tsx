import { useCallback, useEffect, useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { formatChinaTime, toInstant } from '../../../shared/time';
import type { RecordedDelegation } from '../../../shared/auth/delegation';
import { delegations, recordDelegation, revokeDelegation } from './slice';
import { signinErrorText } from './PinField';
import { HeaderDialog } from './HeaderDialog';

const HOUR = 3_600_000;

/**
 * 授权签发 (issue 17): the leader on duty, or an administrator, lets another leader of the directory sign for
 * the next hours (from now); the station records it in their name and refuses anyone else. Delegations on
 * record are listed with who granted them; one still running can be revoked.
 */
export function Delegations({ onClose }: { onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const dispatch = useAppDispatch();
  const session = useAppSelector((s) => s.signin.session);
  const now = useAppSelector((s) => s.station.now);
  const staff = useAppSelector((s) => s.roster.staff);
  const leaders = staff.filter(
    (p) => p.active && p.dutyRoles.includes('leader') && p.id !== session?.person.id,
  );
  const [personId, setPersonId] = useState(leaders[0]?.id ?? '');
  const [hours, setHours] = useState('8');
  const [reason, setReason] = useState('');
  const [list, setList] = useState<RecordedDelegation[]>([]);
  const [error, setError] = useState<string | null>(null);
  const name = (id: string) => staff.find((p) => p.id === id)?.name ?? id;

  const reload = useCallback(async () => {
    try {
      setList(await dispatch(delegations()).unwrap());
    } catch (errors) {
      setError(signinErrorText(errors, i18n.language));
    }
  }, [dispatch, i18n.language]);
  useEffect(() => {
    void reload();
  }, [reload]);

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const h = Number(hours);
    if (!Number.isFinite(h) || h <= 0) {
      setError(t('signin.delegationHoursInvalid'));
      return;
    }
    setError(null);
    try {
      await dispatch(
        recordDelegation({
          personId,
          from: toInstant(now),
          until: toInstant(now + Math.round(h * HOUR)),
          reason: reason.trim(),
        }),
      ).unwrap();
      setReason('');
      await reload();
    } catch (errors) {
      setError(signinErrorText(errors, i18n.language));
    }
  };
  const revoke = async (delegationId: string) => {
    setError(null);
    try {
      await dispatch(
        revokeDelegation({ delegationId, reason: t('signin.delegationRevokedReason') }),
      ).unwrap();
      await reload();
    } catch (errors) {
      setError(signinErrorText(errors, i18n.language));
    }
  };
  const time = (iso: string) => formatChinaTime(Date.parse(iso));

  return (
    <HeaderDialog
      title={t('signin.delegationTitle')}
      onClose={onClose}
      closeLabel={t('signin.close')}
      onSubmit={(e) => void submit(e)}
    >
      <p>{t('signin.delegationHint')}</p>
      <label htmlFor="delegation-person">{t('signin.delegationPerson')}</label>
      <select id="delegation-person" value={personId} onChange={(e) => setPersonId(e.target.value)} required>
        {leaders.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
      <label htmlFor="delegation-hours">{t('signin.delegationHours')}</label>
      <input
        id="delegation-hours"
        inputMode="decimal"
        value={hours}
        onChange={(e) => setHours(e.target.value)}
        required
      />
      <label htmlFor="delegation-reason">{t('signin.delegationReason')}</label>
      <input id="delegation-reason" value={reason} onChange={(e) => setReason(e.target.value)} required />
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="modal-actions">
        <button type="submit" className="primary">
          {t('signin.delegationRecord')}
        </button>
      </div>
      <h3>{t('signin.delegationsOnRecord')}</h3>
      <ul aria-label={t('signin.delegationsOnRecord')}>
        {list.length === 0 && <li>{t('signin.noDelegations')}</li>}
        {[...list].reverse().map((d) => {
          const running = !d.revoked && Date.parse(d.until) > now;
          return (
            <li key={d.id}>
              {t('signin.delegationLine', {
                name: name(d.personId),
                from: time(d.from),
                until: time(d.until),
                by: d.grantedBy.name ?? d.grantedBy.id,
                as: t(`signin.grantedAs_${d.grantedAs}`),
                reason: d.reason,
              })}
              {d.revoked && `（${t('signin.revoked')}）`}
              {running && (
                <button type="button" onClick={() => void revoke(d.id)}>
                  {t('signin.revoke', { label: name(d.personId) })}
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </HeaderDialog>
  );
}
