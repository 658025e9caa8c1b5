// Warning call-and-response and headquarters benchmark: a red warning to 10,000 recipients (a whole
// district's township duty rooms and grid persons in charge) and a level I headquarters of 500 members.
// Measures what the countdown screen re-runs on every clock tick (the loop and summary, the HQ
// obligations) and folding a full day of answers into the warning.
import { newId } from '../../shared/ids';
import type { DomainEvent } from '../../shared/events/envelope';
import { evolveWarning, type WarningEvent, type WarningState } from '../../shared/warnings/aggregate';
import { warningLoop } from '../../shared/warnings/loop';
import { defaultWarningPolicy } from '../../shared/warnings/policy';
import {
  evolveHeadquarters,
  type HeadquartersEvent,
  type HeadquartersState,
} from '../../shared/headquarters/aggregate';
import { headquartersObligations } from '../../shared/headquarters/obligations';
import { planFor } from '../../shared/headquarters/plan';
import { shippedPlans } from '../../shared/headquarters/shippedPlans';
import { MINUTE, toInstant } from '../../shared/time';
import { goal, percentile, type Bench, timeSamples } from './harness';

const start = Date.parse('2026-07-10T17:00:00.000Z');
const event = (type: string, stream: string, payload: unknown, at: number) =>
  ({
    type,
    stream,
    payload,
    occurredAt: toInstant(at),
    actor: { id: 'bench' },
    jurisdiction: '500101',
  }) as unknown as DomainEvent;

export const benches: Bench[] = [
  {
    name: 'warnings-hq',
    run: async () => {
      const N = 10_000;
      const warningId = newId(start);
      const stream = `warning:${warningId}`;
      const recipients = Array.from({ length: N }, (_, i) => ({
        id: `r-${i}`,
        name: `网格责任人${i}`,
        jurisdiction: `500101${String(1 + (i % 30)).padStart(3, '0')}${String(1 + (i % 900)).padStart(3, '0')}`,
        tier: 2,
        superiorId: `town-${i % 30}`,
      }));
      const issued = event(
        'warning.issued',
        stream,
        {
          warning: {
            id: warningId,
            hazard: '暴雨',
            colour: 'red',
            areas: ['500101'],
            text: '暴雨红色预警',
            issuedAt: toInstant(start),
            issuedBy: 'bench',
            recipients,
          },
        },
        start,
      );
      // 80% answer within 15 minutes, half of those report action; 10% are reminded.
      const answers: DomainEvent[] = [];
      for (let i = 0; i < N; i += 1) {
        if (i % 10 < 8)
          answers.push(
            event(
              'warning.acknowledged',
              stream,
              { recipientId: `r-${i}`, channel: 'station' },
              start + (i % 15) * MINUTE,
            ),
          );
        if (i % 10 < 4)
          answers.push(
            event(
              'warning.action_reported',
              stream,
              { recipientId: `r-${i}`, action: '已巡查' },
              start + 30 * MINUTE,
            ),
          );
        if (i % 10 === 9)
          answers.push(
            event(
              'warning.renotified',
              stream,
              { recipientId: `r-${i}`, channel: 'voice' },
              start + 11 * MINUTE,
            ),
          );
      }
      let warning: WarningState | undefined;
      const foldMs = timeSamples(1, () => {
        warning = evolveWarning(undefined, issued as WarningEvent);
        for (const e of answers) warning = evolveWarning(warning, e as WarningEvent);
      })[0];
      const w = warning!;
      const loopSamples = timeSamples(30, () => void warningLoop(w, start + 40 * MINUTE, defaultWarningPolicy));

      const flood = planFor(shippedPlans, 'natural_disaster', 'flood')!;
      const hqId = newId(start);
      const members = Array.from({ length: 500 }, (_, i) => ({
        personId: `p-${i}`,
        name: `成员${i}`,
        role: i === 0 ? 'commander' : i < 4 ? 'deputy' : 'member',
        ...(i >= 4
          ? {
              group: (
                [
                  'coordination',
                  'rescue',
                  'medical',
                  'security',
                  'logistics',
                  'press',
                  'experts',
                  'aftermath',
                ] as const
              )[i % 8],
            }
          : {}),
      }));
      let hq = evolveHeadquarters(
        undefined,
        event(
          'headquarters.activated',
          `headquarters:${hqId}`,
          { incidentId: newId(start), planId: flood.id, planVersion: 1, responseLevel: 'I', members },
          start,
        ) as HeadquartersEvent,
      ) as HeadquartersState;
      for (let i = 0; i < 500; i += 2) {
        hq = evolveHeadquarters(
          hq,
          event(
            'headquarters.member_checked_in',
            `headquarters:${hqId}`,
            { personId: `p-${i}` },
            start + 20 * MINUTE,
          ) as HeadquartersEvent,
        )!;
      }
      const hqSamples = timeSamples(100, () => void headquartersObligations(hq, flood, start + 40 * MINUTE));

      const figures = {
        warning_recipients: { value: N, unit: 'recipients' },
        warning_fold_events: { value: answers.length + 1, unit: 'events' },
        warning_fold_total_ms: { value: foldMs, unit: 'ms' },
        warning_loop_p50_ms: { value: percentile(loopSamples, 50), unit: 'ms' },
        warning_loop_p95_ms: { value: percentile(loopSamples, 95), unit: 'ms' },
        hq_members: { value: 500, unit: 'members' },
        hq_obligations_p50_ms: { value: percentile(hqSamples, 50), unit: 'ms' },
        hq_obligations_p95_ms: { value: percentile(hqSamples, 95), unit: 'ms' },
      };
      return {
        name: 'warnings-hq',
        description:
          'warningLoop + summary over a 10,000-recipient warning; folding a day of answers (13,000 events); headquartersObligations for 500 members at level I',
        figures,
        // One clock tick of the countdown screen must stay well inside a frame budget of a second.
        goals: [
          goal(figures, 'warning_loop_p95_ms', '<=', 100),
          goal(figures, 'hq_obligations_p95_ms', '<=', 20),
        ],
        // Shared build machine: the load at the time says how far the figures are from an idle core.
      };
    },
  },
];
