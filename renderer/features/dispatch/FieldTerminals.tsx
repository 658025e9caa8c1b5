import { useCallback, useEffect, useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DomainError } from '../../../shared/errors';
import type { TeamTerminal } from '../../../shared/field/terminal';
import type { Team } from '../../../shared/domain/resources';
import { useAppDispatch } from '../../app/hooks';
import { fetchTeamTerminals, pairTeamTerminal, revokeTeamTerminal } from './commands';

/**
 * 外勤终端 (issue 19): pair a team leader's phone to a team, and revoke one. The address carries the
 * terminal's token and is shown once: opened on the phone, the page keeps it there (decision 0025).
 */
export function FieldTerminals({ teams }: { teams: readonly Pick<Team, 'id' | 'name'>[] }) {
  const { t, i18n } = useTranslation();
  const dispatch = useAppDispatch();
  const [teamId, setTeamId] = useState('');
  const [label, setLabel] = useState('');
  const [link, setLink] = useState<string | null>(null);
  const [terminals, setTerminals] = useState<TeamTerminal[]>([]);
  const [error, setError] = useState<string | null>(null);
  const say = useCallback(
    (errors: unknown) =>
      setError(
        Array.isArray(errors)
          ? (errors as DomainError[]).map((e) => (i18n.language === 'en' ? e.message.en : e.message.zh)).join('；')
          : String(errors),
      ),
    [i18n.language],
  );
  const reload = useCallback(async () => {
    try {
      setTerminals(await dispatch(fetchTeamTerminals(undefined)).unwrap());
    } catch (errors) {
      say(errors);
    }
  }, [dispatch, say]);
  useEffect(() => {
    void reload();
  }, [reload]);

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    setError(null);
    setLink(null);
    if (!teamId) {
      setError(t('map.dispatch.field.chooseTeam'));
      return;
    }
    if (!label.trim()) {
      setError(t('map.dispatch.field.labelRequired'));
      return;
    }
    try {
      const paired = await dispatch(pairTeamTerminal({ teamId, label: label.trim() })).unwrap();
      setLink(new URL(paired.path, window.location.href).href);
      setLabel('');
      await reload();
    } catch (errors) {
      say(errors);
    }
  };
  const revoke = async (terminalId: string) => {
    setError(null);
    try {
      await dispatch(revokeTeamTerminal({ terminalId })).unwrap();
      await reload();
    } catch (errors) {
      say(errors);
    }
  };
  const live = terminals.filter((x) => x.revokedAt === null);

  return (
    <section className="field-terminals" aria-label={t('map.dispatch.field.title')}>
      <h4>{t('map.dispatch.field.title')}</h4>
      <form onSubmit={(e) => void submit(e)}>
        <label>
          {t('map.dispatch.field.team')}
          <select value={teamId} onChange={(e) => setTeamId(e.target.value)}>
            <option value="">—</option>
            {teams.map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('map.dispatch.field.label')}
          <input value={label} maxLength={100} onChange={(e) => setLabel(e.target.value)} />
        </label>
        <button type="submit">{t('map.dispatch.field.pair')}</button>
      </form>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {link && (
        <label className="field-link">
          {t('map.dispatch.field.link')}
          <input readOnly value={link} onFocus={(e) => e.target.select()} />
        </label>
      )}
      {live.length > 0 && (
        <ul>
          {live.map((x) => (
            <li key={x.id}>
              <span>
                {x.team.name} · {x.label}
              </span>
              <button
                type="button"
                aria-label={t('map.dispatch.field.revokeOne', { team: x.team.name, label: x.label })}
                onClick={() => void revoke(x.id)}
              >
                {t('map.dispatch.field.revoke')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
