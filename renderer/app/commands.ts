import { createAsyncThunk } from '@reduxjs/toolkit';
import type { StationClient } from '../../shared/api/client';
import type { ApiOutput } from '../../shared/api/contract';
import type { CommandRequest, ConsoleCommandType } from '../../shared/commands/catalog';
import type { DomainError } from '../../shared/errors';
import type { IncidentFacts } from '../../shared/domain/incident';
import { newId } from '../../shared/ids';
import type { Result } from '../../shared/result';
import type { RootState, ThunkExtra } from './store';

/** How the renderer's thunks are typed: a refusal comes back as the station's DomainErrors. */
export type StationThunk = { rejectValue: DomainError[]; state: RootState; extra: ThunkExtra };

/** What a command of this type carries, as a console writes it (the catalog's schema input). */
export type CommandInput<T extends ConsoleCommandType> = Extract<CommandRequest, { type: T }>['payload'];

/**
 * A command as a feature asks for it: one of the console's command types and that type's payload
 * (`CommandBody<'report.submit' | 'report.approve'>` narrows it to some types). The id is added on sending.
 */
export type CommandBody<T extends ConsoleCommandType = ConsoleCommandType> = {
  [K in T]: { type: K; payload: CommandInput<K> };
}[T];

/**
 * The renderer's one way to send a command. The type picks the payload's shape from the command
 * catalog at compile time; the client checks it against the same schema before it leaves. Each
 * command gets a fresh id, the station's idempotency key. No actor: the station records the person at
 * this console.
 */
export function sendCommand(
  client: StationClient,
  command: CommandBody,
): Promise<Result<ApiOutput<'execute'>>> {
  return client.execute({ id: newId(), ...command });
}

/**
 * 接报登记: one command; on refusal the form is told which fields are wrong. A call a drill delivered here
 * names its inject (`fromInject`): the station tags the incident with the drill (issue 22).
 */
export const registerIncident = createAsyncThunk<
  { incidentId: string },
  { facts: IncidentFacts; fromInject?: { drillId: string; injectKey: string } },
  StationThunk
>('incidents/register', async ({ facts, fromInject }, { extra, rejectWithValue }) => {
  const incidentId = newId();
  const result = await sendCommand(extra.client, {
    type: 'incident.register',
    payload: { incidentId, facts, ...(fromInject ? { fromInject } : {}) },
  });
  return result.ok ? { incidentId } : rejectWithValue(result.errors);
});

/** 确认告警: the station records the acknowledgement as the person at this console. */
export const acknowledgeAlarm = createAsyncThunk<boolean, { alarmId: string }, StationThunk>(
  'alarms/acknowledge',
  async ({ alarmId }, { extra, rejectWithValue }) => {
    const result = await extra.client.acknowledgeAlarm({ alarmId });
    return result.ok ? true : rejectWithValue(result.errors);
  },
);
