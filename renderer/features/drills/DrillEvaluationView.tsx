import { useTranslation } from 'react-i18next';
import type { DrillEvaluationWire } from '../../../shared/api/drills-calls';
import { formatChinaTime } from '../../../shared/time';
import { DrillFindings } from './DrillFindings';
import { useRoomName } from './names';

const time = (iso: string | null) => (iso ? formatChinaTime(Date.parse(iso)).slice(5) : '—');

/**
 * 演练评估 from the record: per drilled room, its total and each criterion with its weight, and each expected
 * action — done or not, when, late by how much; below, the organiser's findings and recommendations
 * (DrillFindings: on record, plan revisions, the two files).
 */
export function DrillEvaluationView({ evaluation }: { evaluation: DrillEvaluationWire }) {
  const { t, i18n } = useTranslation();
  const roomName = useRoomName();
  const words = (x: { zh: string; en: string }) => (i18n.language === 'en' ? x.en : x.zh);
  const cols = ['inject', 'action', 'due', 'done', 'late', 'outcome'] as const;
  return (
    <section className="drill-evaluation" aria-label={t('drills.evaluation')}>
      <h4>{t('drills.evaluation')}</h4>
      {!evaluation.final && <p className="hint">{t('drills.evaluationPending')}</p>}
      {evaluation.rooms.map((room) => (
        <div key={room.jurisdiction} className="drill-room">
          <h5>
            {t('drills.room', {
              name: roomName(room.jurisdiction),
              total: room.total === null ? t('drills.noScore') : room.total,
            })}
          </h5>
          <ul className="drill-criteria" aria-label={t('drills.criteria')}>
            {room.criteria.map((c) => (
              <li key={c.key}>
                {t('drills.criterionLine', {
                  title: words(c.title),
                  weight: c.weight,
                  score: c.score === null ? t('drills.noScore') : c.score,
                })}
              </li>
            ))}
          </ul>
          <table
            aria-label={t('drills.room', { name: roomName(room.jurisdiction), total: room.total ?? '—' })}
          >
            <thead>
              <tr>
                {cols.map((c) => (
                  <th key={c} scope="col">
                    {t(`drills.evalCols.${c}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {room.actions.map((a, i) => (
                <tr key={i} className={`outcome-${a.outcome}`}>
                  <td>{words(a.inject)}</td>
                  <td>{t(`drills.actions.${a.type}`)}</td>
                  <td>{time(a.dueAt)}</td>
                  <td>{time(a.doneAt)}</td>
                  <td>
                    {a.lateMinutes
                      ? t('drills.lateMinutes', { minutes: a.lateMinutes })
                      : t('drills.notLate')}
                  </td>
                  <td>{t(`drills.outcomes.${a.outcome}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
      <DrillFindings key={evaluation.drill.id} evaluation={evaluation} />
    </section>
  );
}
