import type { DispatchOrder } from '../domain/operations';
import type { Team } from '../domain/resources';
import { toMs } from '../time';
import { chinaDateTimeZh } from './wording';

/**
 * Measures taken, in report wording, from what the record holds: teams dispatched and arrived. Only
 * recorded facts become sentences, so a draft never claims a measure nobody logged.
 */
export function dispatchMeasures(
  orders: readonly DispatchOrder[],
  teams: readonly Team[],
  incidentId: string,
  sinceMs = Number.NEGATIVE_INFINITY,
): string[] {
  const byId = new Map(teams.map((t) => [t.id, t]));
  const lines: Array<{ at: number; text: string }> = [];
  for (const o of orders) {
    if (o.incidentId !== incidentId || o.status === 'cancelled') continue;
    const team = byId.get(o.teamId);
    const name = team
      ? `${team.name}${team.headcount > 0 ? `${team.headcount}人` : ''}`
      : `救援队伍（${o.teamId}）`;
    const issued = toMs(o.issuedAt);
    if (issued > sinceMs) lines.push({ at: issued, text: `${chinaDateTimeZh(issued)}，调派${name}赶赴现场` });
    if (o.arrivedAt && toMs(o.arrivedAt) > sinceMs) {
      const arrived = toMs(o.arrivedAt);
      lines.push({
        at: arrived,
        text: `${chinaDateTimeZh(arrived)}，${team?.name ?? '救援队伍'}到达现场开展处置`,
      });
    }
  }
  return lines.sort((a, b) => a.at - b.at).map((l) => l.text);
}
