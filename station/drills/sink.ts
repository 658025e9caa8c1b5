import type { Notifier, OutboundNotice } from '../notify/notifier';
import type { DrillState } from '../../shared/drills/aggregate';
import { ok } from '../../shared/result';
import { toInstant } from '../../shared/time';

/*
 * 演练短信去向 (issue 22, decision 0024): a notice about a drill's records — a headquarters activated for
 * an incident registered from a drill's call — never reaches a real phone. It goes to this sink, which
 * accepts it without sending; the caller records it like any notice, with a message id that says it
 * went to the drill sink, so the evaluation and the audit see who would have been told, and when.
 */

export const DRILL_SINK_PREFIX = 'drill-sink:';

export function drillSinkNotifier(clock: () => number = Date.now, kept?: OutboundNotice[]): Notifier {
  return {
    send(notice) {
      kept?.push(notice);
      return Promise.resolve(
        ok({ messageId: `${DRILL_SINK_PREFIX}${notice.key}`, attempts: 0, acceptedAt: toInstant(clock()) }),
      );
    },
  };
}

/** A phone number as digits only, so 138-0000-0001 and 13800000001 are the same participant. */
const digits = (phone: string) => phone.replace(/[^0-9]/g, '');

/** The phones a drill may really reach, as this station's record of it tells (the organiser's plan, or the injects). */
export function participantPhonesOf(drill: DrillState | undefined): string[] {
  return drill?.plan?.participants?.map((p) => p.phone) ?? drill?.participantPhones ?? [];
}

/**
 * 演练参与人员 (issue 22): a notice about a drill's records reaches a real phone only when that phone is
 * named as a participant in the drill's start; any other goes to the sink, on record as such.
 */
export function drillNotifier(
  participantPhones: readonly string[],
  gateway: Notifier,
  sink: Notifier,
): Notifier {
  const allowed = new Set(participantPhones.map(digits).filter((d) => d.length > 0));
  return {
    send(notice) {
      return (allowed.has(digits(notice.to)) ? gateway : sink).send(notice);
    },
  };
}
