import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiOutput } from '../../../shared/api/contract';
import type { HeadquartersStateWire } from '../../../shared/api/headquarters-calls';
import type { SeverityLevel } from '../../../shared/domain/incident';
import type { DomainError } from '../../../shared/errors';
import { formatChinaTime } from '../../../shared/time';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import type { RootState } from '../../app/store';
import { incidentSelected } from '../map/slice';
import { selectAlarms } from '../alarms/slice';
import { acknowledgeAlarm } from '../../app/commands';
import { formatDuration } from '../reports/ReportClocks';
import { fetchPreview, fetchRecord, hqCommand, type HeadquartersCommand } from './commands';
import { PlanEditor } from './PlanEditor';
import { countdownsAt, selectAllHeadquarters, selectHeadquartersOf } from './selectors';
import { planEditorOpened } from './slice';
import './headquarters.css';

const LEVELS: SeverityLevel[] = ['I', 'II', 'III', 'IV'];
const severity: Record<SeverityLevel, number> = { I: 1, II: 2, III: 3, IV: 4 };
const time = (iso: string | undefined) => (iso ? formatChinaTime(Date.parse(iso)).slice(11, 16) : '');

export function Errors({ errors }: { errors: DomainError[] }) {
  const { t, i18n } = useTranslation();
  if (errors.length === 0) return null;
  return (
    <ul className="hq-errors" role="alert" data-testid="hq-errors">
      {errors.map((e, i) => (
        <li key={i}>
          {t('errors.field', {
            field: e.field ?? '',
            message: `${i18n.language === 'en' ? e.message.en : e.message.zh}${e.detail ? `（${e.detail}）` : ''}`,
          })}
        </li>
      ))}
    </ul>
  );
}

const asErrors = (e: unknown): DomainError[] => (Array.isArray(e) ? (e as DomainError[]) : []);

/** 指挥部: activation from the selected incident, then its board; the plan editor beside. */
export function HeadquartersPane() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const incidentId = useAppSelector((s) => s.map.selectedIncidentId);
  const incident = useAppSelector((s) => (incidentId ? s.incidents.entities[incidentId] : undefined));
  const ofIncident = useAppSelector((s: RootState) => selectHeadquartersOf(s, incidentId));
  const all = useAppSelector(selectAllHeadquarters);
  const editing = useAppSelector((s) => s.headquarters.editingPlanId);
  const shown = ofIncident.find((h) => h.status === 'active') ?? ofIncident[0];
  const running = all.filter((h) => h.status === 'active');
  const incidents = useAppSelector((s) => s.incidents.entities);
  // A headquarters activated above reaches this station without its incident: open its board directly.
  const [openId, setOpenId] = useState<string | null>(null);
  const opened = all.find((h) => h.id === openId);

  return (
    <div className="hq-pane" data-testid="hq-pane">
      <div className="hq-toolbar">
        <button
          type="button"
          onClick={() => dispatch(planEditorOpened(editing === null ? '' : null))}
          data-testid="hq-open-editor"
        >
          {t('hq.editor.open')}
        </button>
      </div>
      {editing !== null && <PlanEditor />}
      {!incident ? (
        <>
          {opened ? <HeadquartersBoard hq={opened} /> : <p className="empty">{t('hq.none')}</p>}
          {running.length > 0 && (
            <ul className="hq-running">
              <li className="hq-heading">{t('hq.activeList')}</li>
              {running.map((h) => (
                <li key={h.id}>
                  <button
                    type="button"
                    onClick={() =>
                      incidents[h.incidentId] ? dispatch(incidentSelected(h.incidentId)) : setOpenId(h.id)
                    }
                    data-testid="hq-running"
                  >
                    {t(`hq.levels.${h.responseLevel}`)} · {time(h.activatedAt)}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </>
      ) : (
        <>
          <h3 className="hq-incident">{incident.facts.title}</h3>
          {shown && shown.status === 'active' ? (
            <HeadquartersBoard hq={shown} />
          ) : (
            <>
              {shown && <HeadquartersBoard hq={shown} />}
              <Activation incidentId={incident.id} defaultLevel={incident.facts.level} />
            </>
          )}
        </>
      )}
    </div>
  );
}

function Activation({ incidentId, defaultLevel }: { incidentId: string; defaultLevel: SeverityLevel }) {
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

function HeadquartersBoard({ hq }: { hq: HeadquartersStateWire }) {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const now = useAppSelector((s) => s.station.now);
  const [record, setRecord] = useState<ApiOutput<'hqRecord'> | null>(null);
  const [errors, setErrors] = useState<DomainError[]>([]);
  const [reason, setReason] = useState('');
  const [newLevel, setNewLevel] = useState<SeverityLevel>(hq.responseLevel);
  const [site, setSite] = useState({
    lon: hq.site?.lon.toString() ?? '',
    lat: hq.site?.lat.toString() ?? '',
    address: '',
  });
  const [endReason, setEndReason] = useState('');
  const steps = hq.record.length;
  // 到岗告警 to the coordinator: the station's overdue alarms about this headquarters' members.
  const allAlarms = useAppSelector(selectAlarms);
  const checkInAlarms = allAlarms.filter(
    (a) =>
      a.kind === 'obligation_overdue' &&
      a.params.headquartersId === hq.id &&
      a.params.obligation === 'hq_check_in',
  );

  // The record (countdowns, phones, who a raise adds) is fetched again whenever the headquarters changes.
  useEffect(() => {
    let live = true;
    dispatch(fetchRecord({ headquartersId: hq.id }))
      .unwrap()
      .then((r) => live && setRecord(r))
      .catch((e: unknown) => live && setErrors(asErrors(e)));
    return () => {
      live = false;
    };
  }, [dispatch, hq.id, steps]);

  const run = async (command: HeadquartersCommand) => {
    setErrors([]);
    try {
      await dispatch(hqCommand(command)).unwrap();
      return true;
    } catch (e) {
      setErrors(asErrors(e));
      return false;
    }
  };

  const active = hq.status === 'active';
  const countdowns = record
    ? countdownsAt(
        record.obligations,
        {
          checkedIn: new Set(hq.members.filter((m) => m.checkedInAt).map((m) => m.personId)),
          tasks: new Set(hq.tasksDone.map((d) => `${d.group}.${d.taskKey}`)),
          terminated: !active,
        },
        now,
      )
    : [];
  const checkInOf = new Map(
    countdowns.filter((c) => c.obligation.kind === 'hq_check_in').map((c) => [c.obligation.personId, c]),
  );
  const tasks = countdowns.filter((c) => c.obligation.kind === 'hq_task');
  const raising = severity[newLevel] < severity[hq.responseLevel];
  const adds = raising ? (record?.raisePreview[newLevel] ?? []) : [];
  const remaining = (ms: number) =>
    ms >= 0 ? t('hq.dueIn', { time: formatDuration(ms) }) : t('hq.overdueBy', { time: formatDuration(ms) });

  return (
    <section className={`hq-board status-${hq.status}`} data-testid="hq-board" data-status={hq.status}>
      <h4>
        {t('hq.board', {
          level: t(`hq.levels.${hq.responseLevel}`),
          at: formatChinaTime(Date.parse(hq.activatedAt)),
        })}
        {hq.terminatedAt && (
          <span> · {t('hq.terminated', { at: formatChinaTime(Date.parse(hq.terminatedAt)) })}</span>
        )}
      </h4>
      <Errors errors={errors} />

      {checkInAlarms.length > 0 && (
        <ul className="hq-alarms" role="alert">
          {checkInAlarms.map((a) => (
            <li key={a.id} data-testid="hq-alarm">
              <time>{time(a.raisedAt)}</time> {t('hq.checkInAlarm', { name: a.params.subject ?? '' })}
              <button type="button" onClick={() => void dispatch(acknowledgeAlarm({ alarmId: a.id }))}>
                {t('alarms.acknowledge')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <h5>{t('hq.members')}</h5>
      <table className="hq-table hq-members">
        <thead>
          <tr>
            <th>{t('hq.role')}</th>
            <th>{t('hq.name')}</th>
            <th>{t('hq.phones')}</th>
            <th>{t('hq.notified')}</th>
            <th>{t('hq.checkIn')}</th>
          </tr>
        </thead>
        <tbody>
          {hq.members.map((m) => {
            const c = checkInOf.get(m.personId);
            const overdue = !m.checkedInAt && c?.state === 'overdue';
            return (
              <tr
                key={m.personId}
                className={overdue ? 'hq-overdue' : m.checkedInAt ? 'hq-arrived' : ''}
                data-testid="hq-member"
                data-person={m.personId}
                data-overdue={overdue ? 'true' : 'false'}
              >
                <td>
                  {m.group ? `${t(`hq.groups.${m.group}`)} ` : ''}
                  {t(`hq.roles.${m.role}`)}
                </td>
                <td>{m.name}</td>
                <td>
                  {(record?.phones[m.personId] ?? []).map((p) => (
                    <a key={p} href={`tel:${p}`}>
                      {p}{' '}
                    </a>
                  ))}
                </td>
                <td data-testid="hq-notice">
                  {m.notifiedAt ? (
                    t('hq.notifiedBy', {
                      channel: t(`hq.channels.${m.notifiedBy ?? 'sms'}`),
                      at: time(m.notifiedAt),
                    })
                  ) : (
                    <>
                      {m.notificationFailures > 0
                        ? t('hq.failed', { count: m.notificationFailures })
                        : t('hq.notNotified')}
                      {active && (
                        <button
                          type="button"
                          onClick={() =>
                            void run({
                              type: 'headquarters.record_notification',
                              payload: {
                                headquartersId: hq.id,
                                personId: m.personId,
                                channel: 'phone',
                                outcome: 'sent',
                              },
                            })
                          }
                        >
                          {t('hq.markPhoned')}
                        </button>
                      )}
                    </>
                  )}
                </td>
                <td data-testid="hq-checkin">
                  {m.checkedInAt ? (
                    t('hq.checkedIn', { at: time(m.checkedInAt) })
                  ) : (
                    <>
                      {c && c.state !== 'waived' && (
                        <span className="hq-countdown">
                          {overdue ? t('hq.overdue') : remaining(c.remainingMs)}{' '}
                        </span>
                      )}
                      <button
                        type="button"
                        onClick={() =>
                          void run({
                            type: 'headquarters.check_in',
                            payload: { headquartersId: hq.id, personId: m.personId },
                          })
                        }
                        data-testid="hq-checkin-button"
                      >
                        {t('hq.checkInNow')}
                      </button>
                    </>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>

      <h5>{t('hq.tasks')}</h5>
      <ol className="hq-tasks">
        {tasks.map(({ obligation: o, remainingMs, state }) => {
          const done = hq.tasksDone.find((d) => d.group === o.group && d.taskKey === o.taskKey);
          // A task obligation names its group and task (the check-ins name a person instead).
          const task = o.group && o.taskKey ? { group: o.group, taskKey: o.taskKey } : null;
          return (
            <li key={o.key} className={`hq-task state-${state}`} data-testid="hq-task" data-state={state}>
              <span>{o.group ? t(`hq.groups.${o.group}`) : ''}</span> <strong>{o.title.zh}</strong>{' '}
              <time dateTime={o.dueAt}>{time(o.dueAt)}</time>{' '}
              {done ? (
                t('hq.done', { at: time(done.at) })
              ) : state === 'waived' ? null : (
                <>
                  <span className="hq-countdown">{remaining(remainingMs)}</span>
                  {active && task && (
                    <button
                      type="button"
                      onClick={() =>
                        void run({
                          type: 'headquarters.complete_task',
                          payload: { headquartersId: hq.id, ...task },
                        })
                      }
                    >
                      {t('hq.markDone')}
                    </button>
                  )}
                </>
              )}
            </li>
          );
        })}
      </ol>

      {active && (
        <>
          <h5>{t('hq.changeLevel')}</h5>
          <div className="hq-row">
            <select
              value={newLevel}
              onChange={(e) => setNewLevel(e.target.value as SeverityLevel)}
              data-testid="hq-new-level"
            >
              {LEVELS.map((l) => (
                <option key={l} value={l}>
                  {t(`hq.levels.${l}`)}
                </option>
              ))}
            </select>
            <input
              value={reason}
              placeholder={t('hq.reason')}
              onChange={(e) => setReason(e.target.value)}
              aria-label={t('hq.reason')}
            />
            <button
              type="button"
              disabled={newLevel === hq.responseLevel || reason.trim() === ''}
              onClick={() =>
                void run({
                  type: 'headquarters.change_level',
                  payload: {
                    headquartersId: hq.id,
                    level: newLevel,
                    reason,
                    addMembers: adds.map((l) => l.member),
                  },
                }).then((okay) => okay && setReason(''))
              }
              data-testid="hq-change-level"
            >
              {raising ? t('hq.raise') : t('hq.lower')}
            </button>
            {raising && <small>{t('hq.adds', { count: adds.length })}</small>}
          </div>

          <h5>{t('hq.site')}</h5>
          <div className="hq-row">
            <input
              value={site.lon}
              placeholder={t('hq.lon')}
              aria-label={t('hq.lon')}
              onChange={(e) => setSite({ ...site, lon: e.target.value })}
            />
            <input
              value={site.lat}
              placeholder={t('hq.lat')}
              aria-label={t('hq.lat')}
              onChange={(e) => setSite({ ...site, lat: e.target.value })}
            />
            <input
              value={site.address}
              placeholder={t('hq.address')}
              aria-label={t('hq.address')}
              onChange={(e) => setSite({ ...site, address: e.target.value })}
            />
            <button
              type="button"
              onClick={() =>
                void run({
                  type: 'headquarters.place_site',
                  payload: {
                    headquartersId: hq.id,
                    point: { lon: Number(site.lon), lat: Number(site.lat) },
                    ...(site.address.trim() ? { address: site.address } : {}),
                  },
                })
              }
              data-testid="hq-place-site"
            >
              {t('hq.placeSite')}
            </button>
          </div>
          {hq.site && (
            <p>
              {t('hq.sitePlaced', {
                lon: hq.site.lon.toFixed(5),
                lat: hq.site.lat.toFixed(5),
                address: hq.siteAddress ?? '',
              })}
            </p>
          )}

          <h5>{t('hq.terminate')}</h5>
          <div className="hq-row">
            <input
              value={endReason}
              placeholder={t('hq.reason')}
              aria-label={t('hq.reason')}
              onChange={(e) => setEndReason(e.target.value)}
            />
            <button
              type="button"
              disabled={endReason.trim() === ''}
              onClick={() =>
                void run({
                  type: 'headquarters.terminate',
                  payload: { headquartersId: hq.id, reason: endReason },
                })
              }
              data-testid="hq-terminate"
            >
              {t('hq.terminateConfirm')}
            </button>
          </div>
        </>
      )}

      <h5>{t('hq.record')}</h5>
      <ol className="hq-record" data-testid="hq-record">
        {(record?.record ?? []).map((s, i) => {
          const who = s.personId
            ? (hq.members.find((m) => m.personId === s.personId)?.name ?? s.personId)
            : '';
          return (
            <li key={i} data-testid="hq-step" data-step={s.step}>
              <time dateTime={s.at}>{formatChinaTime(Date.parse(s.at), true)}</time> {t(`hq.steps.${s.step}`)}{' '}
              {who} {s.detail && s.step !== 'member_notified' ? <small>{s.detail}</small> : null}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
