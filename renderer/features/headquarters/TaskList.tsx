import { useTranslation } from 'react-i18next';
import type { HeadquartersStateWire } from '../../../shared/api/headquarters-calls';
import type { HeadquartersCommand } from './commands';
import type { Countdown } from './selectors';
import { time, useRemaining } from './levels';

/** 任务: the working groups' first tasks with their countdowns, each marked done on the board. */
export function TaskList({
  hq,
  tasks,
  run,
}: {
  hq: HeadquartersStateWire;
  tasks: readonly Countdown[];
  run: (command: HeadquartersCommand) => Promise<boolean>;
}) {
  const { t } = useTranslation();
  const remaining = useRemaining();
  const active = hq.status === 'active';
  return (
    <>
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
    </>
  );
}
