import { createAsyncThunk } from '@reduxjs/toolkit';
import type { ApiOutput } from '../../../shared/api/contract';
import type { DivisionWire } from '../../../shared/api/gazetteer-calls';
import { drillEventPayloads, type DrillMode } from '../../../shared/drills/events';
import type { EventEnvelope } from '../../../shared/events/envelope';
import { newId } from '../../../shared/ids';
import { sendCommand, type StationThunk } from '../../app/commands';
import { saveFile } from '../../app/download';
import type { DrillDelivery, DrillEnd } from './slice';

/*
 * 演练 as the console asks the station: the organiser's reads (scripts, drills, a drill's timeline and
 * evaluation, the two files) and its commands (drill.start/pause/resume/end through `execute`); at a
 * drilled console, what the drills delivered here, and registering a call with the inject it came from.
 */

const Delivered = drillEventPayloads['drill.inject_delivered'];
const Ended = drillEventPayloads['drill.ended'];

/** A `drill.inject_delivered` event as the drilled console keeps it (null for anything else). */
export function deliveryOf(
  e: Pick<EventEnvelope, 'type' | 'stream' | 'payload' | 'occurredAt'>,
): DrillDelivery | null {
  if (e.type !== 'drill.inject_delivered') return null;
  const p = Delivered.safeParse(e.payload);
  if (!p.success) return null;
  return {
    drillId: e.stream.slice('drill:'.length),
    injectKey: p.data.injectKey,
    drilled: p.data.drilled,
    at: e.occurredAt,
    inject: p.data.inject,
    ...(p.data.facts ? { facts: p.data.facts } : {}),
    ...(p.data.mode ? { mode: p.data.mode } : {}),
    ...(p.data.tellLeader !== undefined ? { tellLeader: p.data.tellLeader } : {}),
  };
}

/** A `drill.ended` event as the drilled console keeps it (null for anything else). */
export function endOf(e: Pick<EventEnvelope, 'type' | 'stream' | 'payload' | 'occurredAt'>): DrillEnd | null {
  if (e.type !== 'drill.ended') return null;
  const p = Ended.safeParse(e.payload);
  return {
    drillId: e.stream.slice('drill:'.length),
    at: e.occurredAt,
    ...(p.success && p.data.title ? { title: p.data.title } : {}),
  };
}

const DAY = 24 * 3600_000;

/**
 * What the drills delivered to this station and which of them ended: the station's drills (running, or
 * ended within a day) read stream by stream. Live changes come with the pushed events (slice).
 */
export const loadDrillInbox = createAsyncThunk<
  { deliveries: DrillDelivery[]; ends: DrillEnd[] },
  undefined,
  StationThunk
>('drills/inbox', async (_, { extra, rejectWithValue }) => {
  const list = await extra.client.drills({});
  if (!list.ok) return rejectWithValue(list.errors);
  const asOf = Date.parse(list.value.asOf);
  const recent = list.value.drills.filter(
    (d) => d.status !== 'ended' || (d.endedAt !== null && asOf - Date.parse(d.endedAt) < DAY),
  );
  const deliveries: DrillDelivery[] = [];
  const ends: DrillEnd[] = [];
  for (const d of recent) {
    const events = await extra.client.streamEvents({ stream: `drill:${d.id}` });
    if (!events.ok) continue;
    for (const e of events.value) {
      const delivery = deliveryOf(e);
      if (delivery) deliveries.push(delivery);
      const end = endOf(e);
      if (end) ends.push(end);
    }
  }
  return { deliveries, ends };
});

/** The scripts this station may run and the divisions below it a drill may drill. */
export const loadDrillSetup = createAsyncThunk<
  { scenarios: ApiOutput<'drillScenarios'>; divisions: DivisionWire[] },
  undefined,
  StationThunk
>('drills/setup', async (_, { extra, rejectWithValue }) => {
  const [scenarios, scope] = await Promise.all([
    extra.client.drillScenarios({}),
    extra.client.gazetteerScope({}),
  ]);
  if (!scenarios.ok) return rejectWithValue(scenarios.errors);
  const divisions = scope.ok ? [scope.value.jurisdiction, ...scope.value.subordinates] : [];
  return { scenarios: scenarios.value, divisions: divisions.filter((d) => !d.grouping) };
});

export const loadDrills = createAsyncThunk<ApiOutput<'drills'>, undefined, StationThunk>(
  'drills/list',
  async (_, { extra, rejectWithValue }) => {
    const r = await extra.client.drills({});
    return r.ok ? r.value : rejectWithValue(r.errors);
  },
);

/** The selected drill's live timeline and its evaluation (so far, or final once it ended). */
export const loadDrillDetail = createAsyncThunk<
  { timeline: ApiOutput<'drillTimeline'>; evaluation: ApiOutput<'drillEvaluation'> },
  { drillId: string },
  StationThunk
>('drills/detail', async ({ drillId }, { extra, rejectWithValue }) => {
  const [timeline, evaluation] = await Promise.all([
    extra.client.drillTimeline({ drillId }),
    extra.client.drillEvaluation({ drillId }),
  ]);
  if (!timeline.ok) return rejectWithValue(timeline.errors);
  if (!evaluation.ok) return rejectWithValue(evaluation.errors);
  return { timeline: timeline.value, evaluation: evaluation.value };
});

export interface StartDrillInput {
  scenarioId: string;
  drilled: string[];
  mode: DrillMode;
  tellLeader: boolean;
  /** Absent: now. */
  startsAt?: string;
}

/** 开始演练 (drill.start): the station decides and its drill runner delivers the injects. */
export const startDrill = createAsyncThunk<{ drillId: string }, StartDrillInput, StationThunk>(
  'drills/start',
  async (input, { extra, dispatch, rejectWithValue }) => {
    const drillId = newId();
    const r = await sendCommand(extra.client, {
      type: 'drill.start',
      payload: {
        drillId,
        scenarioId: input.scenarioId,
        drilled: input.drilled,
        mode: input.mode,
        tellLeader: input.tellLeader,
        ...(input.startsAt ? { startsAt: input.startsAt } : {}),
      },
    });
    if (!r.ok) return rejectWithValue(r.errors);
    void dispatch(loadDrills());
    return { drillId };
  },
);

/** 暂停 / 继续 / 结束演练: one command each, on the organiser's drill. */
export const controlDrill = createAsyncThunk<
  true,
  { drillId: string; action: 'pause' | 'resume' | 'end' },
  StationThunk
>('drills/control', async ({ drillId, action }, { extra, dispatch, rejectWithValue }) => {
  const r =
    action === 'end'
      ? await sendCommand(extra.client, { type: 'drill.end', payload: { drillId, reason: '' } })
      : await sendCommand(extra.client, { type: `drill.${action}`, payload: { drillId } });
  if (!r.ok) return rejectWithValue(r.errors);
  void dispatch(loadDrills());
  void dispatch(loadDrillDetail({ drillId }));
  return true;
});

/** The .docx 演练评估报告 (with the organiser's findings and recommendations) or the .xlsx timeline, saved. */
export const saveDrillFile = createAsyncThunk<
  string,
  { drillId: string; file: 'docx' | 'xlsx'; findings?: string; recommendations?: string },
  StationThunk
>('drills/file', async ({ drillId, file, findings, recommendations }, { extra, rejectWithValue }) => {
  const r =
    file === 'docx'
      ? await extra.client.exportDrillEvaluationDocx({
          drillId,
          ...(findings?.trim() ? { findings: findings.trim() } : {}),
          ...(recommendations?.trim() ? { recommendations: recommendations.trim() } : {}),
        })
      : await extra.client.exportDrillTimelineXlsx({ drillId });
  if (!r.ok) return rejectWithValue(r.errors);
  saveFile(r.value);
  return r.value.fileName;
});

/** 答复 a warning or a question a drill delivered here (drill.answer_inject). */
export const answerInject = createAsyncThunk<
  true,
  { drillId: string; injectKey: string; answer: string },
  StationThunk
>('drills/answer', async (payload, { extra, rejectWithValue }) => {
  const r = await sendCommand(extra.client, { type: 'drill.answer_inject', payload });
  return r.ok ? true : rejectWithValue(r.errors);
});
