import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { MINUTE, formatChinaTime, toInstant } from '../../../shared/time';
import type { DomainError } from '../../../shared/errors';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { selectIncidentById } from '../incidents/selectors';
import { selectNow } from '../header/selectors';
import { teamsAdapter } from '../resources/slice';
import { dispatchPanelClosed } from '../../app/actions';
import { fetchRanking, issueDispatch } from './commands';
import { DISPATCH_STEPS, minutesOf, withoutOrderedTeams } from './progress';
import { selectAllOrders, selectDispatch, selectOrdersOfSelected, selectTeamStatusKey } from './selectors';
import { FieldTerminals } from './FieldTerminals';

/**
 * 调度: for the selected incident, the teams that can go ranked by estimated arrival (the station's
 * `rankTeams`), with skills and headcount; one button (or Enter on the focused row: `D` focuses the
 * top team) issues the order. Below, the orders already out for this incident move through
 * 待命 → 出动 → 到场 → 处置 → 返回 as acknowledgements and the live feed come in.
 */
export function DispatchPanel({ incidentId }: { incidentId: string }) {
  const { t, i18n } = useTranslation();
  const dispatch = useAppDispatch();
  const incident = useAppSelector((s) => selectIncidentById(s, incidentId));
  const state = useAppSelector(selectDispatch);
  const orders = useAppSelector(selectOrdersOfSelected);
  const statusKey = useAppSelector(selectTeamStatusKey);
  const teamById = useAppSelector((s) => teamsAdapter.getSelectors().selectEntities(s.resources.teams));
  const now = useAppSelector(selectNow);
  const nowRef = useRef(now);
  nowRef.current = now;
  const firstButton = useRef<HTMLButtonElement>(null);
  const focused = useRef(false);

  // Ranked again when the incident changes or any team's status moves (a team sent elsewhere drops out).
  useEffect(() => {
    void dispatch(fetchRanking({ incidentId, nowMs: nowRef.current }));
  }, [dispatch, incidentId, statusKey]);
  const allOrders = useAppSelector(selectAllOrders);
  const fetched = state.incidentId === incidentId ? state.ranking : null;
  const ranking = useMemo(
    () => (fetched ? withoutOrderedTeams(fetched, allOrders) : null),
    [fetched, allOrders],
  );
  // Escape closes the panel wherever the focus is.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') dispatch(dispatchPanelClosed());
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [dispatch]);
  // `D` opens the panel with the top team focused: Enter dispatches it.
  useEffect(() => {
    if (ranking && !focused.current && firstButton.current) {
      firstButton.current.focus();
      focused.current = true;
    }
  }, [ranking]);

  const message = (e: DomainError) => (i18n.language === 'en' ? e.message.en : e.message.zh);
  const send = (teamId: string, etaMinutes: number) =>
    void dispatch(
      issueDispatch({ teamId, incidentId, etaAt: toInstant(nowRef.current + etaMinutes * MINUTE) }),
    ).then(() => dispatch(fetchRanking({ incidentId, nowMs: nowRef.current })));

  return (
    <aside
      className="dispatch-panel"
      data-testid="dispatch-panel"
      aria-label={`${t('map.dispatch.title')} · ${t('map.dispatch.sendTo')} ${incident?.facts.title ?? ''}`}
    >
      <header>
        <h3>{t('map.dispatch.title')}</h3>
        <button
          type="button"
          aria-label={t('map.dispatch.close')}
          onClick={() => dispatch(dispatchPanelClosed())}
        >
          ×
        </button>
      </header>
      {/* The incident a team will be sent to, before anything else: a wrong one must be seen at once. */}
      {incident && (
        <div className="dispatch-target" data-testid="dispatch-target">
          <span className="dispatch-target-label">{t('map.dispatch.sendTo')}</span>
          <span
            className={`level-badge level-${incident.facts.level}`}
            title={t(`incident.levels.${incident.facts.level}`)}
          >
            {t(`incident.levelShort.${incident.facts.level}`)}
          </span>
          <span className="dispatch-target-text">
            <strong className="dispatch-target-title">{incident.facts.title}</strong>
            <span className="dispatch-target-meta">
              {incident.facts.location.address || incident.facts.location.areaCode} ·{' '}
              {t('incident.received', { time: formatChinaTime(Date.parse(incident.facts.receivedAt)) })}
            </span>
          </span>
        </div>
      )}
      {state.errors.length > 0 && (
        <p className="form-error" role="alert">
          {state.errors.map(message).join('；')}
        </p>
      )}
      {orders.length > 0 && (
        <section className="dispatch-orders" aria-label={t('map.dispatch.orders')}>
          <h4>{t('map.dispatch.orders')}</h4>
          <ul>
            {orders.map(({ order, team, step, countdown }) => (
              <li key={order.id} data-testid="dispatch-order" data-step={step} data-team-id={order.teamId}>
                <strong>{team?.name ?? order.teamId}</strong>
                {step === 'cancelled' ? (
                  <span className="step-cancelled">{t('map.dispatch.cancelled')}</span>
                ) : (
                  <ol className="dispatch-steps">
                    {DISPATCH_STEPS.map((s, i) => (
                      <li
                        key={s}
                        className={
                          s === step ? 'current' : i < DISPATCH_STEPS.indexOf(step) ? 'done' : 'todo'
                        }
                        aria-current={s === step ? 'step' : undefined}
                      >
                        {t(`teams.statuses.${s}`)}
                      </li>
                    ))}
                  </ol>
                )}
                {countdown && (
                  <span className={`eta ${countdown.late ? 'late' : ''}`} data-testid="dispatch-eta">
                    {countdown.late
                      ? t('map.dispatch.late', { count: minutesOf(-countdown.remainingMs) })
                      : t('map.dispatch.etaIn', { count: minutesOf(countdown.remainingMs) })}
                  </span>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-label={t('map.dispatch.available')}>
        <h4>{t('map.dispatch.available')}</h4>
        {!ranking && state.loading && <p className="empty">{t('map.dispatch.loading')}</p>}
        {ranking && ranking.ranked.length === 0 && <p className="empty">{t('map.dispatch.noneAvailable')}</p>}
        {ranking && ranking.ranked.length > 0 && (
          <ol className="dispatch-ranked" data-testid="dispatch-ranked">
            {ranking.ranked.map((r, i) => {
              const matched = new Set(r.matchedSkills);
              return (
                <li key={r.team.id} data-testid="dispatch-candidate" data-team-id={r.team.id}>
                  <div className="candidate-main">
                    <strong>{r.team.name}</strong>
                    <span className="candidate-meta">
                      {t(`teams.kinds.${r.team.kind}`)} · {t('teams.headcount', { count: r.team.headcount })}{' '}
                      · {t(`teams.statuses.${r.team.status}`)}
                    </span>
                    <span className="candidate-skills">
                      {[...r.team.skills, ...r.team.equipment].slice(0, 6).map((s) => (
                        <span key={s} className={matched.has(s) ? 'skill matched' : 'skill'}>
                          {s}
                        </span>
                      ))}
                    </span>
                  </div>
                  <div className="candidate-eta">
                    <strong>{t('map.dispatch.etaMinutes', { count: Math.max(1, r.etaMinutes) })}</strong>
                    <span>
                      {t('map.dispatch.distance', { km: r.roadKm.toFixed(1) })}
                      {r.from === 'base' ? ` · ${t('map.dispatch.fromBase')}` : ''}
                    </span>
                  </div>
                  <button
                    type="button"
                    className="primary"
                    ref={i === 0 ? firstButton : undefined}
                    disabled={state.sending.includes(r.team.id)}
                    onClick={() => send(r.team.id, r.etaMinutes)}
                    data-testid="dispatch-send"
                  >
                    {t('map.dispatch.send')}
                    {i === 0 && <kbd>Enter</kbd>}
                  </button>
                </li>
              );
            })}
          </ol>
        )}
        {ranking && ranking.unavailable.length > 0 && (
          <>
            <h4>{t('map.dispatch.unavailable')}</h4>
            <ul className="dispatch-unavailable" data-testid="dispatch-unavailable">
              {ranking.unavailable.map((u) => (
                <li key={u.teamId} data-team-id={u.teamId}>
                  <span>{teamById[u.teamId]?.name ?? u.teamId}</span>
                  <span className="why">
                    {u.status === 'ordered'
                      ? t('map.dispatch.ordered')
                      : t('map.dispatch.busy', { status: t(`teams.statuses.${u.status}`) })}
                  </span>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
      <FieldTerminals teams={Object.values(teamById).filter((x) => x !== undefined)} />
    </aside>
  );
}
