import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiOutput } from '../../../shared/api/contract';
import type { SeverityLevel } from '../../../shared/domain/incident';
import type { DomainError } from '../../../shared/errors';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { fetchPreview, hqCommand } from './commands';
import { LEVELS } from './levels';
import { Errors, asErrors } from './Errors';

export function ActivationForm({
  incidentId,
  defaultLevel,
}: {
  incidentId: string;
  defaultLevel: SeverityLevel;
}) {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const role = useAppSelector((s) => s.station.info?.operator.role);
  const [level, setLevel] = useState<SeverityLevel>(defaultLevel);
  const [preview, setPreview] = useState<ApiOutput<'hqPreview'> | null>(null);
  const [errors, setErrors] = useState<DomainError[]>([]);
  const [busy, setBusy] = useState(false);
  const leader = role === 'leader' || role === 'commander';

  const load = async () => {
    setErrors([]);
    setPreview(null);
    try {
      setPreview(await dispatch(fetchPreview({ incidentId, level })).unwrap());
    } catch (e) {
      setErrors(asErrors(e));
    }
  };
  const confirm = async () => {
    if (!preview) return;
    setBusy(true);
    setErrors([]);
    try {
      await dispatch(
        hqCommand({
          type: 'headquarters.activate',
          payload: {
            incidentId,
            planId: preview.planId,
            planVersion: preview.planVersion,
            responseLevel: preview.level,
            members: preview.lines.map((l) => l.member),
          },
        }),
      ).unwrap();
      setPreview(null);
    } catch (e) {
      setErrors(asErrors(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="hq-activate" data-testid="hq-activate">
      <label>
        {t('hq.level')}
        <select
          value={level}
          onChange={(e) => {
            setLevel(e.target.value as SeverityLevel);
            setPreview(null);
          }}
          data-testid="hq-level"
        >
          {LEVELS.map((l) => (
            <option key={l} value={l}>
              {t(`hq.levels.${l}`)}
            </option>
          ))}
        </select>
      </label>
      <button type="button" onClick={() => void load()} data-testid="hq-preview">
        {t('hq.preview')}
      </button>
      <Errors errors={errors} />
      {preview && (
        <div className="hq-preview" data-testid="hq-preview-list">
          <p>{t('hq.plan', { title: preview.planTitle.zh, version: preview.planVersion })}</p>
          <p>{t('hq.checkInLimit', { minutes: preview.checkInLimitMinutes })}</p>
          {preview.activeHeadquartersId && <p className="hq-warn">{t('hq.alreadyActive')}</p>}
          {preview.unfilled.length > 0 && (
            <p className="hq-warn">
              {t('hq.unfilled', { roles: preview.unfilled.map((u) => u.title.zh).join('、') })}
            </p>
          )}
          <table className="hq-table">
            <thead>
              <tr>
                <th>{t('hq.role')}</th>
                <th>{t('hq.name')}</th>
                <th>{t('hq.phones')}</th>
              </tr>
            </thead>
            <tbody>
              {preview.lines.map((l) => (
                <tr key={l.member.personId} data-testid="hq-preview-line">
                  <td>
                    {l.member.group ? `${t(`hq.groups.${l.member.group}`)} ` : ''}
                    {t(`hq.roles.${l.member.role}`)}
                  </td>
                  <td>
                    {l.member.name}
                    {l.station && <small> {t('hq.station', { code: l.station })}</small>}
                  </td>
                  <td>{l.phones.join(' / ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h4>{t('hq.tasksHeading')}</h4>
          <ul className="hq-plan-tasks">
            {preview.groups.map((g) => (
              <li key={g.kind}>
                <strong>{t(`hq.groups.${g.kind}`)}</strong>：
                {g.tasks
                  .map((task) => `${task.title.zh}（${t('hq.dueAfter', { minutes: task.dueMinutes })}）`)
                  .join('；')}
              </li>
            ))}
          </ul>
          {!leader && <p className="hq-warn">{t('hq.leaderOnly')}</p>}
          <button
            type="button"
            disabled={busy || !leader}
            onClick={() => void confirm()}
            data-testid="hq-confirm"
          >
            {t('hq.confirm')}
          </button>
        </div>
      )}
    </section>
  );
}
