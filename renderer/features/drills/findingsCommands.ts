import { createAsyncThunk } from '@reduxjs/toolkit';
import type { ApiOutput } from '../../../shared/api/contract';
import type { DrillRecommendation } from '../../../shared/drills/events';
import { sendCommand, type StationThunk } from '../../app/commands';
import { loadDrillDetail } from './commands';

/*
 * 评估意见 on record (issue 22): the organiser's findings and recommendations on an ended drill
 * (drill.record_findings), and a recommendation that names a contingency plan opening a new version of it
 * (drill.open_plan_revision); an incident registered by hand during the drill linked to it
 * (drill.link_incident). A refusal comes back as the station's errors, for the pane to show.
 */

/** The plans in force, for naming the plan a recommendation asks to revise (as the 预案 editor reads them). */
export const loadPlanChoices = createAsyncThunk<ApiOutput<'hqPlans'>, undefined, StationThunk>(
  'drills/plans',
  async (_, { extra, rejectWithValue }) => {
    const r = await extra.client.hqPlans({});
    return r.ok ? r.value : rejectWithValue(r.errors);
  },
);

/** 保存评估意见: the findings and recommendations go on record; the evaluation is read again to show them. */
export const recordFindings = createAsyncThunk<
  true,
  { drillId: string; findings: string; recommendations: DrillRecommendation[] },
  StationThunk
>('drills/findings', async (payload, { extra, dispatch, rejectWithValue }) => {
  const r = await sendCommand(extra.client, { type: 'drill.record_findings', payload });
  if (!r.ok) return rejectWithValue(r.errors);
  void dispatch(loadDrillDetail({ drillId: payload.drillId }));
  return true;
});

/**
 * 据此修订预案: the recommendation names the chosen plan on record (findings recorded again when it named
 * another or none), then opens the revision; answers the plan version opened.
 */
export const openPlanRevision = createAsyncThunk<
  { planId: string; planVersion: number | null },
  {
    drillId: string;
    findings: string;
    recommendations: DrillRecommendation[];
    recommendation: number;
    planId: string;
  },
  StationThunk
>('drills/revision', async (arg, { extra, dispatch, rejectWithValue }) => {
  const { drillId, recommendation, planId } = arg;
  if (arg.recommendations[recommendation]?.planId !== planId) {
    const recommendations = arg.recommendations.map((x, i) => (i === recommendation ? { ...x, planId } : x));
    const named = await sendCommand(extra.client, {
      type: 'drill.record_findings',
      payload: { drillId, findings: arg.findings, recommendations },
    });
    if (!named.ok) return rejectWithValue(named.errors);
  }
  const r = await sendCommand(extra.client, {
    type: 'drill.open_plan_revision',
    payload: { drillId, recommendation },
  });
  if (!r.ok) return rejectWithValue(r.errors);
  void dispatch(loadDrillDetail({ drillId }));
  const evaluation = await extra.client.drillEvaluation({ drillId });
  const opened = evaluation.ok
    ? evaluation.value.revisions?.find((x) => x.recommendation === recommendation)
    : undefined;
  return { planId, planVersion: opened?.planVersion ?? null };
});

/** 关联到本次演练: an incident registered by hand in a drilled room during the drill becomes its record. */
export const linkIncident = createAsyncThunk<
  true,
  { drillId: string; incidentId: string; injectKey: string },
  StationThunk
>('drills/link', async (payload, { extra, dispatch, rejectWithValue }) => {
  const r = await sendCommand(extra.client, { type: 'drill.link_incident', payload });
  if (!r.ok) return rejectWithValue(r.errors);
  void dispatch(loadDrillDetail({ drillId: payload.drillId }));
  return true;
});
