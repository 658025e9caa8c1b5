import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiOutput } from '../../../shared/api/contract';
import type { HeadquartersStateWire } from '../../../shared/api/headquarters-calls';
import type { DomainError } from '../../../shared/errors';
import { formatChinaTime } from '../../../shared/time';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { selectAlarms } from '../alarms/slice';
import { acknowledgeAlarm } from '../../app/commands';
import { fetchRecord, hqCommand, type HeadquartersCommand } from './commands';
import { countdownsAt } from './selectors';
import { time } from './levels';
import { Errors, asErrors } from './Errors';
import { MemberTable } from './MemberTable';
import { TaskList } from './TaskList';
import { HeadquartersActions } from './HeadquartersActions';

/** A headquarters' board: its check-in alarms, members, tasks, commands while running, and its record. */
export function HeadquartersBoard({ hq }: { hq: HeadquartersStateWire }) {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const now = useAppSelector((s) => s.station.now);
  const [record, setRecord] = useState<ApiOutput<'hqRecord'> | null>(null);
  const [errors, setErrors] = useState<DomainError[]>([]);
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
      <MemberTable hq={hq} record={record} checkInOf={checkInOf} run={run} />

      <TaskList hq={hq} tasks={tasks} run={run} />

      {active && <HeadquartersActions hq={hq} record={record} run={run} />}

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
