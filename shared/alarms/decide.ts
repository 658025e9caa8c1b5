import type { z } from 'zod';
import type { DecideContext } from '../aggregates/context';
import type { EventDraft } from '../events/envelope';
import { domainError } from '../errors';
import { fail, ok, type Result } from '../result';
import type { alarmCommandPayloads, alarmSystemCommandPayloads } from './events';
import { isDeadlineRung, type AlarmRaisedPayload } from './events';

export type AlarmCommand =
  | { type: 'alarm.raise'; payload: z.infer<(typeof alarmSystemCommandPayloads)['alarm.raise']> }
  | { type: 'alarm.acknowledge'; payload: z.infer<(typeof alarmCommandPayloads)['alarm.acknowledge']> };

/** An alarm as its stream tells it: raised (what), and whether someone acknowledged it. */
export interface AlarmState {
  raised: AlarmRaisedPayload;
  acknowledged: boolean;
}

/** Fold an alarm stream. */
export function alarmStateOf(
  events: ReadonlyArray<{ type: string; payload: unknown }>,
): AlarmState | undefined {
  let state: AlarmState | undefined;
  for (const e of events) {
    if (e.type === 'alarm.raised' && !state)
      state = { raised: e.payload as AlarmRaisedPayload, acknowledged: false };
    else if (e.type === 'alarm.acknowledged' && state) state = { ...state, acknowledged: true };
  }
  return state;
}

/**
 * Raise once: an alarm already on record is not raised again (its id says what it is about, so the same
 * condition found again after a restart is the same alarm). Acknowledge once: a second acknowledgement
 * records nothing more.
 */
export function decideAlarm(
  cmd: AlarmCommand,
  state: AlarmState | undefined,
  _ctx: DecideContext,
): Result<EventDraft[]> {
  const stream = `alarm:${cmd.payload.alarmId}` as const;
  switch (cmd.type) {
    case 'alarm.raise':
      if (state) return ok([]);
      return ok([
        {
          type: 'alarm.raised',
          stream,
          payload: cmd.payload.alarm,
          ...(cmd.payload.raisedAt ? { occurredAt: cmd.payload.raisedAt } : {}),
        },
      ]);
    case 'alarm.acknowledge': {
      if (!state) return fail(domainError('NOT_FOUND', 'payload.alarmId', cmd.payload.alarmId));
      if (state.acknowledged) return ok([]);
      const raised = state.raised;
      return ok([
        {
          type: 'alarm.acknowledged',
          stream,
          payload: {
            kind: isDeadlineRung(raised) ? raised.step : raised.kind,
            ...(raised.incidentId ? { incidentId: raised.incidentId } : {}),
            ...(cmd.payload.note ? { note: cmd.payload.note } : {}),
          },
        },
      ]);
    }
  }
}
