import { createAsyncThunk } from '@reduxjs/toolkit';
import type { StationClient } from '../../../shared/api/client';
import type { DomainError } from '../../../shared/errors';
import type { Obligation } from '../../../shared/rules/obligation';
import { sendCommand, type CommandBody, type StationThunk } from '../../app/commands';
import type { FactsChanges } from './changes';

/**
 * The incident's life at the console: each step one command through `sendCommand`; the station stamps
 * who acts and decides (a waiver by anyone but the leader on duty is refused there, whatever the screen
 * offered). A refusal comes back as the station's errors, for the form to show.
 */
const send = async (client: StationClient, command: CommandBody): Promise<DomainError[] | null> => {
  const result = await sendCommand(client, command);
  return result.ok ? null : result.errors;
};

const thunk = <A>(name: string, build: (arg: A) => CommandBody) =>
  createAsyncThunk<true, A, StationThunk>(`incidents/${name}`, async (arg, { extra, rejectWithValue }) => {
    const errors = await send(extra.client, build(arg));
    return errors ? rejectWithValue(errors) : true;
  });

/** 更新情况: what changed, with an optional note. */
export const updateFacts = thunk<{ incidentId: string; changes: Partial<FactsChanges>; note?: string }>(
  'updateFacts',
  ({ incidentId, changes, note }) => ({
    type: 'incident.update_facts',
    payload: { incidentId, changes, ...(note ? { note } : {}) },
  }),
);

/** 转入处置 */
export const startResponse = thunk<{ incidentId: string }>('startResponse', ({ incidentId }) => ({
  type: 'incident.start_response',
  payload: { incidentId },
}));

/** 处置结束, with the closing note (the 终报's clock starts). */
export const closeIncident = thunk<{ incidentId: string; summary: string }>(
  'close',
  ({ incidentId, summary }) => ({ type: 'incident.close', payload: { incidentId, summary } }),
);

/** 重新打开, with the reason. */
export const reopenIncident = thunk<{ incidentId: string; reason: string }>(
  'reopen',
  ({ incidentId, reason }) => ({ type: 'incident.reopen', payload: { incidentId, reason } }),
);

/** 免报: one obligation set aside with its reason (the leader on duty's). */
export const waiveObligation = thunk<{ incidentId: string; obligationKey: string; reason: string }>(
  'waive',
  (payload) => ({ type: 'incident.waive_obligation', payload }),
);

export interface MergeInput {
  /** The duplicate: its owed reports are waived and it is closed. */
  incidentId: string;
  /** The incident kept. */
  into: { id: string; title: string };
  owed: readonly Obligation[];
  /** Texts in the interface language: the waiver's reason, the closing note, the duty-log line. */
  waiveReason: string;
  closeNote: string;
  logText: string;
}

/**
 * 合并: the duplicate owes nothing more (each still-owed report waived, "合并至…"), is closed with a note
 * naming the kept incident, and the duty log records the merge against the kept one, as the intake's
 * merge of a repeat call does. Stops at the first refusal: a duplicate whose reports could not be waived
 * is not closed.
 */
export const mergeIncident = createAsyncThunk<true, MergeInput, StationThunk>(
  'incidents/merge',
  async (input, { extra, rejectWithValue }) => {
    const steps: CommandBody[] = [
      ...input.owed.map((o): CommandBody => ({
        type: 'incident.waive_obligation',
        payload: { incidentId: input.incidentId, obligationKey: o.key, reason: input.waiveReason },
      })),
      { type: 'incident.close', payload: { incidentId: input.incidentId, summary: input.closeNote } },
      {
        type: 'dutylog.record',
        payload: { kind: 'note', text: input.logText.slice(0, 2000), incidentId: input.into.id },
      },
    ];
    for (const step of steps) {
      const errors = await send(extra.client, step);
      if (errors) return rejectWithValue(errors);
    }
    return true;
  },
);
