import type { Report, ReportKind } from '../../../shared/domain/report';
import { parentOf } from '../../../shared/domain/jurisdiction';

/** What a console may do with a report now, given its status and who is acting (签发 is the leader's). */
export type ReportStep = 'revise' | 'submit' | 'approve' | 'return' | 'send';

export function stepsFor(report: Pick<Report, 'status' | 'channel'>, role: string | undefined): ReportStep[] {
  const leader = role === 'leader';
  switch (report.status) {
    case 'draft':
      // A phone report needs no 签发: it goes straight up once drafted.
      return report.channel === 'phone' ? ['revise', 'send'] : ['revise', 'submit'];
    case 'returned':
      return ['revise', 'submit'];
    case 'awaiting_approval':
      return leader ? ['approve', 'return'] : [];
    case 'approved':
      return ['send'];
    default:
      return [];
  }
}

/** Reports go to the level directly above (逐级上报); a province station has nobody above it here. */
export const addresseeOf = (jurisdiction: string): string | null => parentOf(jurisdiction);

/** The kind the duty room most likely owes next: 首报 first, then 续报 until it chooses 终报. */
export function nextKind(reports: ReadonlyArray<Pick<Report, 'kind'>>): ReportKind {
  return reports.some((r) => r.kind === 'initial') ? 'follow_up' : 'initial';
}

/** Age of an inbox entry as "H:MM" or "M分" style parts, from the reply's age and the UI's clock tick. */
export function ageAt(entry: { ageMs: number }, asOfMs: number, nowMs: number): number {
  return Math.max(0, entry.ageMs + (nowMs - asOfMs));
}
