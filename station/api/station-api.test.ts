import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStationStore } from '../store';
import { registerIncidentCommand, officer } from '../store/store.testing';
import { createStationApi, standaloneLink } from '.';
import { openTestStation, remoteIncident, type TestStation } from './api.testing';
import type { StationPush } from '../../shared/api/contract';
import { newId } from '../../shared/ids';
import { alarmIdFor } from './alarms';
import { DeadlineScheduler } from '../scheduler';

/** An incident registered at another station, as it would arrive from the hub. */

let current: TestStation | null = null;
afterEach(() => {
  current?.close();
  current = null;
});

describe('station API over the store', () => {
  it('a registered incident is in the next snapshot and pushed to every window with its obligations', async () => {
    current = openTestStation();
    const { client, pushes } = current;
    const cmd = registerIncidentCommand({ title: '某镇山体滑坡' });
    const result = await client.execute(cmd);
    expect(result.ok).toBe(true);
    const changes = pushes.find((p): p is Extract<StationPush, { kind: 'changes' }> => p.kind === 'changes');
    expect(changes?.incidents.map((i) => i.facts.title)).toEqual(['某镇山体滑坡']);
    expect(changes?.obligations[0]?.incidentId).toBe(cmd.payload.incidentId);
    const snapshot = await client.snapshot({});
    expect(snapshot.ok && snapshot.value.incidents.map((i) => i.id)).toEqual([cmd.payload.incidentId]);
    expect(snapshot.ok && snapshot.value.station.onDuty.leader).toBe('李主任');
    expect(snapshot.ok && snapshot.value.recentEvents.map((e) => e.type)).toContain('incident.registered');
  });

  it('a command with a bad field is refused whole with the field named, and nothing is written', async () => {
    current = openTestStation();
    const cmd = registerIncidentCommand();
    const bad = { ...cmd, payload: { ...cmd.payload, facts: { ...cmd.payload.facts, level: 'V' } } };
    const result = await current.client.execute(bad as never);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => e.field)).toContain('input.payload.facts.level');
    expect(current.store.openIncidents()).toEqual([]);
    expect(current.pushes.filter((p) => p.kind === 'changes')).toEqual([]);
  });

  it('an incident from another station raises an alarm; acknowledging it is recorded in the log and clears it', async () => {
    current = openTestStation();
    const { store, client, pushes } = current;
    const [event] = remoteIncident('下级报告：某村房屋垮塌');
    const outcome = store.ingestRemote([event]);
    expect(outcome.rejected, JSON.stringify(outcome.rejected)).toEqual([]);
    expect(outcome.applied).toBe(1);
    const raised = pushes.find(
      (p): p is Extract<StationPush, { kind: 'alarm_raised' }> => p.kind === 'alarm_raised',
    );
    expect(raised?.alarm).toMatchObject({
      kind: 'new_incident',
      params: { title: '下级报告：某村房屋垮塌' },
    });

    const ack = await client.acknowledgeAlarm({ alarmId: raised!.alarm.id });
    expect(ack.ok).toBe(true);
    const logged = store.streamEvents(`alarm:${raised!.alarm.id}`);
    // Raised by the station, on record before any window heard of it; acknowledged by the console's operator.
    expect(logged.map((e) => [e.type, e.actor.id])).toEqual([
      ['alarm.raised', 'station-alarms'],
      ['alarm.acknowledged', officer.id],
    ]);
    expect(pushes.some((p) => p.kind === 'alarm_cleared' && p.alarmId === raised!.alarm.id)).toBe(true);
    const snapshot = await client.snapshot({});
    expect(snapshot.ok && snapshot.value.alarms).toEqual([]);
  });

  it('an alarm already acknowledged is not raised again after a restart of the API', async () => {
    current = openTestStation();
    const { store } = current;
    const [event] = remoteIncident('某村道路塌方');
    store.ingestRemote([event]);
    const alarmId = alarmIdFor('new_incident', event.stream.slice('incident:'.length));
    expect((await current.client.acknowledgeAlarm({ alarmId })).ok).toBe(true);
    const again = createStationApi({
      store,
      station: { stationId: 'district-500101', jurisdiction: '500101', name: '某区值班室' },
      operator: officer,
      onDuty: { leader: null, officers: [] },
      link: standaloneLink(store),
      deadlines: new DeadlineScheduler({ store }),
    });
    const pushes: StationPush[] = [];
    again.subscribe((p) => pushes.push(p));
    store.ingestRemote([event]);
    const snapshot = await again.dispatch({ method: 'snapshot', input: {} });
    again.close();
    expect(snapshot.ok && (snapshot.value as { alarms: unknown[] }).alarms).toEqual([]);
    expect(pushes.filter((p) => p.kind === 'alarm_raised')).toEqual([]);
  });

  it('acknowledging an alarm that is not raised is refused', async () => {
    current = openTestStation();
    const result = await current.client.acknowledgeAlarm({ alarmId: 'nope' });
    expect(result).toMatchObject({ ok: false, errors: [{ code: 'NOT_FOUND', field: 'input.alarmId' }] });
  });
});

describe('who acts is the station’s to say', () => {
  const someoneElse = { id: 'someone-else', name: '冒名者', role: 'leader' };

  it('a command a client sends with its own actor is recorded under the console operator, never the one sent', async () => {
    current = openTestStation();
    const { api, store } = current;
    const cmd = registerIncidentCommand({ title: '某镇山体滑坡' });
    const result = await api.dispatch({ method: 'execute', input: { ...cmd, actor: someoneElse } });
    expect(result.ok, JSON.stringify(result)).toBe(true);
    const recorded = store.eventsSince(0, 100).map((l) => l.event);
    const registered = recorded.filter((e) => e.type === 'incident.registered');
    expect(registered).toHaveLength(1);
    expect(registered[0].actor).toEqual(officer);
    expect(recorded.some((e) => e.actor.id === someoneElse.id)).toBe(false);
  });

  it('an alarm acknowledged with an actor sent along is acknowledged by the console operator', async () => {
    current = openTestStation();
    const { api, store, pushes } = current;
    const [event] = remoteIncident('下级报告：某村山洪');
    store.ingestRemote([event]);
    const raised = pushes.find(
      (p): p is Extract<StationPush, { kind: 'alarm_raised' }> => p.kind === 'alarm_raised',
    )!;
    const ack = await api.dispatch({
      method: 'acknowledgeAlarm',
      input: { alarmId: raised.alarm.id, actor: someoneElse },
    });
    expect(ack.ok, JSON.stringify(ack)).toBe(true);
    const acknowledged = store
      .streamEvents(`alarm:${raised.alarm.id}`)
      .filter((e) => e.type === 'alarm.acknowledged');
    expect(acknowledged.map((e) => e.actor)).toEqual([officer]);
  });

  it('a console cannot raise an alarm: execute refuses alarm.raise at the API boundary and nothing is written', async () => {
    current = openTestStation();
    const { api, store, pushes } = current;
    const before = store.lastPosition();
    const forged = await api.dispatch({
      method: 'execute',
      input: {
        id: newId(),
        type: 'alarm.raise',
        payload: {
          alarmId: 'forged-alarm',
          alarm: { kind: 'link_lost', severity: 'urgent', params: {}, sound: true },
        },
        actor: { id: 'station-alarms', role: 'system' },
      },
    });
    expect(forged.ok).toBe(false);
    if (!forged.ok) expect(forged.errors.map((e) => e.field ?? '').join(' ')).toMatch(/type/);
    expect(store.lastPosition()).toBe(before);
    expect(store.streamEvents('alarm:forged-alarm')).toEqual([]);
    expect(pushes.filter((p) => p.kind === 'alarm_raised' || p.kind === 'changes')).toEqual([]);
  });
});

describe('report-deadline alarms from the scheduler', () => {
  it('an overdue first report rings through the API, and acknowledging it is recorded by the scheduler', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dutyroom-api-ladder-'));
    const store = openStationStore({
      path: join(dir, 's.sqlite'),
      stationId: 'district-500101',
      jurisdiction: '500101',
    });
    // Received two hours ago and never reported: the phone and written first reports are overdue.
    expect(store.execute(registerIncidentCommand({ title: '某镇山体滑坡', level: 'II' }), officer).ok).toBe(
      true,
    );
    const scheduler = new DeadlineScheduler({ store });
    const link = standaloneLink(store);
    const api = createStationApi({
      store,
      station: { stationId: 'district-500101', jurisdiction: '500101', name: '某区' },
      operator: officer,
      onDuty: { leader: null, officers: [] },
      link,
      deadlines: scheduler,
    });
    const pushes: StationPush[] = [];
    api.subscribe((p) => pushes.push(p));
    scheduler.start();
    try {
      const raised = pushes.filter(
        (p): p is Extract<StationPush, { kind: 'alarm_raised' }> => p.kind === 'alarm_raised',
      );
      const overdue = raised.find((p) => p.alarm.kind === 'obligation_overdue');
      expect(overdue?.alarm).toMatchObject({
        severity: 'urgent',
        sound: true,
        params: { title: '某镇山体滑坡' },
      });
      const snapshot = await api.dispatch({ method: 'snapshot', input: {} });
      expect(
        snapshot.ok && (snapshot.value as { alarms: Array<{ id: string }> }).alarms.map((a) => a.id),
      ).toContain(overdue!.alarm.id);

      const ack = await api.dispatch({
        method: 'acknowledgeAlarm',
        input: { alarmId: overdue!.alarm.id },
      });
      expect(ack.ok).toBe(true);
      expect(store.streamEvents(`alarm:${overdue!.alarm.id}`).map((e) => e.type)).toContain(
        'alarm.acknowledged',
      );
      expect(pushes.some((p) => p.kind === 'alarm_cleared' && p.alarmId === overdue!.alarm.id)).toBe(true);
    } finally {
      scheduler.stop();
      api.close();
      link.close();
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
