import type { Notifier, OutboundNotice } from '../notify/notifier';
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
