import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { StationPush } from '../../shared/api/contract';
import { fail, ok } from '../../shared/result';
import { domainError } from '../../shared/errors';
import { createAuthService, newScreen } from '../auth/service';
import { fieldTerminals } from '../field/terminals';
import { DeadlineScheduler } from '../scheduler';
import { openStationStore } from '../store';
import { officer, registerIncidentCommand } from '../store/store.testing';
import { stationApiFeature, type StationApiContext } from './context';
import { openApiFeatures, stationApiFeatures } from './features';
import { incidentsApi } from './incidents';
import { dutyLogApi } from './dutylog';
import { authApi } from './auth';
import { standaloneLink } from '.';
import { stationAlarmBoard } from './station-alarms';
import { openTestStation } from './api.testing';

const station = { stationId: 'district-500101', jurisdiction: '500101', name: '某区值班室' };

/** A real store and the real services a feature's module is opened with, as createStationApi builds them. */
function openContext() {
  const dir = mkdtempSync(join(tmpdir(), 'dutyroom-features-'));
  const store = openStationStore({ path: join(dir, 's.sqlite'), ...station });
  const link = standaloneLink(store);
  const pushes: StationPush[] = [];
  const bugs: unknown[] = [];
  const clock = () => Date.now();
  const emit = (push: StationPush) => pushes.push(push);
  const onBug = (error: unknown) => bugs.push(error);
  const { board, emitAlarms } = stationAlarmBoard({ store, station, clock, emit, onBug });
  const screen = newScreen('console', 'test');
  const ctx: StationApiContext = {
    store,
    station,
    options: {
      store,
      station,
      operator: officer,
      onDuty: { leader: null, officers: [] },
      link,
      deadlines: new DeadlineScheduler({ store, onError: onBug }),
    },
    clock,
    emit,
    actorNow: () => ok(officer),
    actorOrNobody: () => officer,
    asOperator: { execute: (command) => store.execute(command, officer) },
    screenNow: () => screen,
    auth: createAuthService({ store, ...station, clock }),
    field: fieldTerminals({ store, clock, jurisdiction: station.jurisdiction }),
    alarms: board,
    emitAlarms,
    onBug,
  };
  const close = () => {
    link.close();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return { ctx, store, pushes, bugs, close };
}

/** A feature that answers `incident` (already claimed by the incidents module) with a refusal. */
const claimsIncident = stationApiFeature({
  name: 'rival',
  open: () => ({ handlers: { incident: () => fail(domainError('NOT_FOUND', 'input.id')) } }),
});

describe('the station API feature registry (station/api/features.ts)', () => {
  let opened: ReturnType<typeof openContext> | undefined;
  afterEach(() => {
    opened?.close();
    opened = undefined;
  });

  it('refuses a method claimed by two features, and one a feature claims from the core, naming both', () => {
    opened = openContext();
    const { ctx } = opened;
    expect(() => openApiFeatures([incidentsApi, claimsIncident], ctx, [])).toThrow(
      'station API: "incident" is claimed by incidents and rival',
    );
    const claimsExecute = stationApiFeature({
      name: 'usurper',
      open: () => ({ handlers: { execute: () => fail(domainError('NOT_FOUND', 'type')) } }),
    });
    expect(() => openApiFeatures([claimsExecute], ctx, ['execute'])).toThrow(
      'station API: "execute" is claimed by the core and usurper',
    );
    // The registry itself claims each method once (createStationApi opens it with the core's methods).
    const registry = openApiFeatures(stationApiFeatures, ctx, ['execute', 'acknowledgeAlarm']);
    expect(Object.keys(registry.handlers)).toContain('signIn');
    expect(Object.keys(registry.handlers)).toContain('rankTeams');
    registry.close();
  });

  it("joins the commands features keep from a screen's execute, and refuses one two features keep", () => {
    opened = openContext();
    const { ctx } = opened;
    const registry = openApiFeatures(stationApiFeatures, ctx, []);
    // 签发 is auth's (approveReport), a handover signature the roster's (signHandover): each asks for the signer's PIN.
    expect(registry.screenRefusal('report.approve')).toBe('CONFIRMATION_REQUIRED');
    expect(registry.screenRefusal('roster.sign_handover')).toBe('CONFIRMATION_REQUIRED');
    expect(registry.screenRefusal('incident.register')).toBeUndefined();
    registry.close();
    let openedRival = false;
    const alsoKeepsApprove = stationApiFeature({
      name: 'rival',
      screenRefuses: { 'report.approve': 'VIEW_ONLY' },
      open: () => ((openedRival = true), { handlers: {} }),
    });
    expect(() => openApiFeatures([authApi, alsoKeepsApprove], ctx, [])).toThrow(
      `station API: screens' "report.approve" is refused by auth and rival`,
    );
    // Refused before any feature opened (nothing to close).
    expect(openedRival).toBe(false);
  });

  it("joins each feature's part of a changes push and of the snapshot, and refuses a part two features fill", () => {
    opened = openContext();
    const { ctx, store } = opened;
    const features = openApiFeatures([incidentsApi, dutyLogApi], ctx, []);
    const cmd = registerIncidentCommand({ title: '某镇山洪' });
    const events = store.execute(cmd, officer);
    if (!events.ok) throw new Error(JSON.stringify(events.errors));
    const changes = features.changedIn(events.value);
    expect(changes.incidents.map((i) => i.facts.title)).toEqual(['某镇山洪']);
    expect(changes.obligations.map((o) => o.incidentId)).toEqual([cmd.payload.incidentId]);
    // The duty log had no entry among these events: its part is absent, not empty.
    expect(changes).not.toHaveProperty('dutyLog');
    const snapshot = features.snapshot();
    expect(snapshot.incidents.map((i) => i.id)).toEqual([cmd.payload.incidentId]);
    expect(snapshot.dutyLog).toEqual([]);

    const alsoDutyLog = stationApiFeature({
      name: 'shadow',
      open: () => ({ handlers: {}, snapshot: () => ({ dutyLog: [] }) }),
    });
    const clashing = openApiFeatures([dutyLogApi, alsoDutyLog], ctx, []);
    expect(() => clashing.snapshot()).toThrow(
      'station API: the snapshot part "dutyLog" is filled by dutylog and shadow',
    );
  });

  it("assembled: each feature's parts reach the push and the snapshot a window gets", async () => {
    const s = openTestStation();
    try {
      const cmd = registerIncidentCommand({ title: '某镇山洪' });
      const done = await s.client.execute(cmd);
      expect(done.ok).toBe(true);
      const changes = s.pushes.find((p) => p.kind === 'changes');
      // incidents' part (the incident and its obligations), dispatch's (no resources touched) and reports' (none).
      expect(changes).toMatchObject({
        kind: 'changes',
        incidents: [{ id: cmd.payload.incidentId }],
        obligations: [{ incidentId: cmd.payload.incidentId }],
        teams: [],
        reports: [],
      });
      const snapshot = await s.client.snapshot({});
      if (!snapshot.ok) throw new Error(JSON.stringify(snapshot.errors));
      expect(snapshot.value.incidents.map((i) => i.id)).toEqual([cmd.payload.incidentId]);
      // The station's info: who is on duty (roster, the configured names without a roster), the rule profile (reports).
      expect(snapshot.value.station.onDuty).toEqual({ leader: '李主任', officers: ['值班员甲'] });
      expect(snapshot.value.station.ruleProfile?.id).toBeTruthy();
      expect(s.bugs).toEqual([]);
    } finally {
      s.close();
    }
  });
});
