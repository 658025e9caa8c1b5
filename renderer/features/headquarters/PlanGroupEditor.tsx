import { useTranslation } from 'react-i18next';
import type { PlanGroup, PlanTask } from '../../../shared/headquarters/plan';

/** The element an edit names (indexes come from the rendered list, so a miss is a bug). */
export function at<T>(list: T[], i: number): T {
  const x = list[i];
  if (x === undefined) throw new RangeError(`no element ${i}`);
  return x;
}

/** One working group of a plan: its lead, member roles, and first tasks with their due minutes. */
export function PlanGroupEditor({
  group,
  onEdit,
}: {
  group: PlanGroup;
  /** Changes a copy of this group in the plan's draft. */
  onEdit: (change: (group: PlanGroup) => void) => void;
}) {
  const { t } = useTranslation();
  return (
    <fieldset className="hq-editor-group" data-testid="hq-editor-group" data-kind={group.kind}>
      <legend>{t(`hq.groups.${group.kind}`)}</legend>
      <label>
        {t('hq.editor.lead')}
        <input
          value={group.lead}
          onChange={(e) => onEdit((x) => void (x.lead = e.target.value.trim()))}
          data-testid="hq-editor-lead"
        />
      </label>
      <label>
        {t('hq.editor.membersField')}
        <input
          value={group.members.join(', ')}
          onChange={(e) =>
            onEdit(
              (x) =>
                void (x.members = e.target.value
                  .split(/[,，\s]+/)
                  .map((s) => s.trim())
                  .filter(Boolean)),
            )
          }
        />
      </label>
      <table className="hq-table">
        <thead>
          <tr>
            <th>{t('hq.editor.taskKey')}</th>
            <th>{t('hq.editor.taskZh')}</th>
            <th>{t('hq.editor.taskEn')}</th>
            <th>{t('hq.editor.dueMinutes')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {group.tasks.map((task, ti) => {
            const set = (change: (x: PlanTask) => void) => onEdit((x) => change(at(x.tasks, ti)));
            return (
              <tr key={ti}>
                <td>
                  <input value={task.key} onChange={(e) => set((x) => void (x.key = e.target.value))} />
                </td>
                <td>
                  <input
                    value={task.title.zh}
                    onChange={(e) => set((x) => void (x.title.zh = e.target.value))}
                  />
                </td>
                <td>
                  <input
                    value={task.title.en}
                    onChange={(e) => set((x) => void (x.title.en = e.target.value))}
                  />
                </td>
                <td>
                  <input
                    type="number"
                    value={task.dueMinutes}
                    onChange={(e) => set((x) => void (x.dueMinutes = Number(e.target.value)))}
                    data-testid="hq-editor-due"
                  />
                </td>
                <td>
                  <button type="button" onClick={() => onEdit((x) => void x.tasks.splice(ti, 1))}>
                    {t('hq.editor.removeTask')}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <button
        type="button"
        onClick={() =>
          onEdit(
            (x) =>
              void x.tasks.push({
                key: `task_${x.tasks.length + 1}`,
                title: { zh: '新任务', en: 'New task' },
                dueMinutes: 60,
              }),
          )
        }
      >
        {t('hq.editor.addTask')}
      </button>
    </fieldset>
  );
}
