import { useMemo, useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DrillMode } from '../../../shared/drills/events';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { fromChinaLocalInput, toChinaLocalInput } from '../incidents/facts';
import { startDrill } from './commands';
import { composeToggled } from './slice';

/**
 * 新建演练: a script (title, kind, duration, number of injects), the stations it drills (below this one, of
 * the script's level), announced or blind, now or at a time the drilled rooms are not told.
 */
export function StartDrillForm() {
  const { t, i18n } = useTranslation();
  const dispatch = useAppDispatch();
  const scenarios = useAppSelector((s) => s.drills.scenarios);
  const divisions = useAppSelector((s) => s.drills.divisions);
  const own = useAppSelector((s) => s.station.info?.jurisdiction ?? '');
  const now = useAppSelector((s) => s.station.now);
  const busy = useAppSelector((s) => s.drills.busy);
  const errors = useAppSelector((s) => s.drills.errors);
  const [scenarioId, setScenarioId] = useState('');
  const [drilled, setDrilled] = useState<string[]>([]);
  const [mode, setMode] = useState<DrillMode>('blind');
  const [tellLeader, setTellLeader] = useState(false);
  const [later, setLater] = useState(false);
  const [startsAt, setStartsAt] = useState(() => toChinaLocalInput(now + 3600_000));
  const scenario = scenarios.find((s) => s.id === scenarioId) ?? scenarios[0];
  const candidates = useMemo(
    () =>
      divisions.filter(
        (d) =>
          (!scenario?.drilledLevel || d.level === scenario.drilledLevel) &&
          (d.code !== own || mode === 'announced'),
      ),
    [divisions, scenario, own, mode],
  );
  const title = (x: { zh: string; en: string }) => (i18n.language === 'en' ? x.en : x.zh);
  const toggle = (code: string) =>
    setDrilled((list) => (list.includes(code) ? list.filter((c) => c !== code) : [...list, code]));
  const submit = (e: SyntheticEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (!scenario) return;
    const at = later ? fromChinaLocalInput(startsAt) : null;
    void dispatch(
      startDrill({
        scenarioId: scenario.id,
        drilled: drilled.filter((c) => candidates.some((d) => d.code === c)),
        mode,
        tellLeader,
        ...(at ? { startsAt: at } : {}),
      }),
    );
  };
  return (
    <form className="drill-form" aria-label={t('drills.form')} onSubmit={submit}>
      <label>
        <span>{t('drills.scenario')}</span>
        <select value={scenario?.id ?? ''} onChange={(e) => setScenarioId(e.target.value)}>
          {scenarios.map((s) => (
            <option key={s.id} value={s.id}>
              {t('drills.scenarioOption', {
                title: title(s.title),
                kind: t(`drills.kinds.${s.kind}`),
                minutes: s.durationMinutes,
                injects: s.injects,
              })}
            </option>
          ))}
        </select>
      </label>
      <fieldset>
        <legend>{t('drills.stations')}</legend>
        {candidates.length === 0 && <p className="empty">{t('drills.noStations')}</p>}
        {candidates.map((d) => (
          <label key={d.code} className="drill-station">
            <input type="checkbox" checked={drilled.includes(d.code)} onChange={() => toggle(d.code)} />
            <span>{d.label}</span>
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t('drills.mode')}</legend>
        {(['blind', 'announced'] as const).map((m) => (
          <label key={m} title={t(`drills.modeHint.${m}`)}>
            <input type="radio" name="drill-mode" checked={mode === m} onChange={() => setMode(m)} />
            <span>{t(`drills.modes.${m}`)}</span>
          </label>
        ))}
        <p className="hint">{t(`drills.modeHint.${mode}`)}</p>
        <label>
          <input type="checkbox" checked={tellLeader} onChange={(e) => setTellLeader(e.target.checked)} />
          <span>{t('drills.tellLeader')}</span>
        </label>
      </fieldset>
      <fieldset>
        <legend>{t('drills.when')}</legend>
        <label>
          <input type="radio" name="drill-when" checked={!later} onChange={() => setLater(false)} />
          <span>{t('drills.now')}</span>
        </label>
        <label>
          <input type="radio" name="drill-when" checked={later} onChange={() => setLater(true)} />
          <span>{t('drills.later')}</span>
        </label>
        {later && (
          <label>
            <span>{t('drills.startsAt')}</span>
            <input type="datetime-local" value={startsAt} onChange={(e) => setStartsAt(e.target.value)} />
          </label>
        )}
      </fieldset>
      {errors.length > 0 && (
        <ul className="errors" role="alert">
          {errors.map((e, i) => (
            <li key={i}>{i18n.language === 'en' ? e.message.en : e.message.zh}</li>
          ))}
        </ul>
      )}
      <div className="drill-form-buttons">
        <button type="submit" className="primary" disabled={busy || !scenario || drilled.length === 0}>
          {t('drills.start')}
        </button>
        <button type="button" onClick={() => dispatch(composeToggled(false))}>
          {t('drills.cancel')}
        </button>
      </div>
    </form>
  );
}
