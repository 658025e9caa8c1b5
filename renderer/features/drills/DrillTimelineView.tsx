import { useTranslation } from 'react-i18next';
import type { DrillTimelineLine } from '../../../shared/api/drills-calls';
import { formatChinaTime } from '../../../shared/time';
import { useAppSelector } from '../../app/hooks';
import { useRoomName } from './names';

/** 演练时间线: each inject delivered and each action of the drilled rooms, in time order, live. */
export function DrillTimelineView({ lines }: { lines: readonly DrillTimelineLine[] }) {
  const { t, i18n } = useTranslation();
  const roomName = useRoomName();
  const teams = useAppSelector((s) => s.resources.teams.entities);
  /** A dispatch's detail names the team by id (调派队伍 ws-hazmat): shown by its name where this station knows it. */
  const detail = (text: string) =>
    text.replace(/^(调派队伍 )(\S+)$/, (all, head: string, id: string) => {
      const team = teams[id];
      return team ? `${head}${team.name}` : all;
    });
  const cols = ['at', 'room', 'kind', 'inject', 'detail', 'by'] as const;
  return (
    <section className="drill-timeline" aria-label={t('drills.timeline')}>
      <h4>{t('drills.timeline')}</h4>
      {lines.length === 0 ? (
        <p className="empty">{t('drills.timelineEmpty')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              {cols.map((c) => (
                <th key={c} scope="col">
                  {t(`drills.timelineCols.${c}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {lines.map((l, i) => (
              <tr key={i} className={`line-${l.kind}`}>
                <td>{formatChinaTime(Date.parse(l.at)).slice(11)}</td>
                <td>{roomName(l.jurisdiction)}</td>
                <td>{l.kind === 'inject' ? t('drills.kindInject') : t(`drills.actions.${l.kind}`)}</td>
                <td>{i18n.language === 'en' ? l.inject.en : l.inject.zh}</td>
                <td>{detail(l.detail)}</td>
                <td>{l.kind === 'inject' ? roomName(l.by) : l.by}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
