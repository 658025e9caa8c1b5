import { describe, expect, it } from 'vitest';
import { newId } from '../../shared/ids';
import type { StationStore } from '../store/index';
import { leader, officer, registerIncidentCommand, registerTeamCommand } from '../store/store.testing';
import { startDrillRunner } from './runner';
import { drillHubRig, until, ok } from './hub-rig.testing';

/**
 * 演练信息不越过组织单位 (issue 22, decision 0024), through a real hub and three real stations: the city
 * drills a district; what the district does about the drill's call — the incident, its 首报 to the city,
 * its dispatch — reaches the city and never the province's store, and the province's digests still agree
 * with the hub's (nothing to repair: the hub does not list for it what it does not send it). A real
 * incident the district registers at the same time reaches the province as usual.
 */
// No periodic check during the test: the one the test asks for is the one counted.
const rig = drillHubRig('duty-drill-ceiling-', 'drill-ceiling-test-key-0123456789-abcdef', { antiEntropyMs: 3_600_000 });
const { runners, station } = rig;

/** A phone 首报 (no 签发 needed) about an incident, sent to `to`. */
function phoneReport(store: StationStore, incidentId: string, to: string): string {
  const reportId = newId();
  ok(
    store.execute(
      {
        id: newId(),
        type: 'report.draft',
        payload: {
          reportId,
          incidentId,
          kind: 'initial',
          channel: 'phone',
          content: {
            unit: '区应急管理局',
            time: '刚才',
            place: '高速',
            summary: '电话首报',
            casualties: {},
            reporter: '值班员',
            contact: '023-1',
          },
        },
      },
      officer,
    ),
  );
  ok(store.execute({ id: newId(), type: 'report.send', payload: { reportId, addressedTo: to } }, officer));
  return reportId;
}

const heldIds = (store: StationStore) => new Set(store.eventsSince(0, 1_000_000).map((l) => l.event.id));

describe('a drill goes no higher than its organiser', () => {
  it('the drilled room’s incident, 首报 and dispatch reach the city, not the province, whose digests still agree with the hub; a real incident reaches the province', async () => {
    const province = await station('province-50', '50');
    const city = await station('city-5001', '5001');
    const district = await station('district-500110', '500110');
    const all = [province, city, district];
    await until('links online', () => all.every((s) => s.link.state().status === 'online'));
    runners.push(startDrillRunner({ store: city.store, maxSleepMs: 50 }));

    const drillId = newId();
    ok(
      city.store.execute(
        {
          id: newId(),
          type: 'drill.start',
          payload: { drillId, scenarioId: 'hazchem-road-district', drilled: ['500110'], mode: 'blind' },
        },
        leader,
      ),
    );
    await until(
      'the call reaches the district',
      () => (district.store.drills.byId(drillId)?.deliveries.length ?? 0) > 0,
    );
    const call = district.store.drills.byId(drillId)!.deliveries[0];

    // The district registers the call, sends its 首报 to the city and dispatches a team.
    const drillIncident = newId();
    ok(
      district.store.execute(
        {
          id: newId(),
          type: 'incident.register',
          payload: {
            incidentId: drillIncident,
            facts: call.facts,
            fromInject: { drillId, injectKey: 'tanker_call' },
          },
        },
        officer,
      ),
    );
    const drillReport = phoneReport(district.store, drillIncident, '5001');
    ok(district.store.execute(registerTeamCommand('hazmat-1'), officer));
    const dispatchId = newId();
    ok(
      district.store.execute(
        {
          id: newId(),
          type: 'dispatch.issue',
          payload: { dispatchId, teamId: 'hazmat-1', incidentId: drillIncident },
        },
        officer,
      ),
    );
    // At the same time a real incident, with its 首报 to the province.
    const real = registerIncidentCommand({ title: '真实事件：某镇山体滑坡' });
    ok(district.store.execute(real, officer));
    const realReport = phoneReport(district.store, real.payload.incidentId, '50');

    await until('the district’s outbox is delivered', () => district.store.outboxDepth() === 0);
    await until(
      'the city holds the drill’s incident, 首报 and dispatch',
      () =>
        city.store.incident(drillIncident) !== undefined &&
        city.store.report(drillReport)?.status === 'sent' &&
        city.store.streamEvents(`dispatch:${dispatchId}`).length > 0,
    );
    await until(
      'the province holds the real incident and its 首报',
      () =>
        province.store.incident(real.payload.incidentId) !== undefined &&
        province.store.report(realReport)?.status === 'sent',
    );

    // The hub stores the drill's records capped at the city.
    const capped = [`incident:${drillIncident}`, `report:${drillReport}`, `dispatch:${dispatchId}`].flatMap(
      (s) => rig.hubStore.eventsOfStation('district-500110').filter((e) => e.stream === s),
    );
    expect(capped.length).toBeGreaterThanOrEqual(4);

    // Every station checks its holdings against the hub's digests: nothing to repair, nothing missing.
    for (const s of all) await s.link.checkNow();
    for (const s of all) {
      expect(s.link.state().repairs, s.store.stationId).toBe(0);
      expect(s.link.state().unrepaired, s.store.stationId).toBeNull();
    }

    // The province holds none of the drill's records, and exactly what the hub lists for it.
    const atProvince = heldIds(province.store);
    for (const e of capped) expect(atProvince.has(e.id), e.type).toBe(false);
    expect(province.store.incident(drillIncident)).toBeUndefined();
    expect(province.store.report(drillReport)).toBeUndefined();
    const log = JSON.stringify(province.store.eventsSince(0, 1_000_000).map((l) => l.event));
    for (const id of [drillIncident, drillReport, dispatchId]) expect(log).not.toContain(id);
    const listed = new Set<string>();
    rig.hubStore.forEachVisible('50', 0, rig.hubStore.head(), (_seq, id) => listed.add(id));
    expect([...atProvince].sort()).toEqual([...listed].sort());
    // The city, the organiser, holds them all; so does the district, its own.
    const atCity = heldIds(city.store);
    for (const e of capped) expect(atCity.has(e.id), e.type).toBe(true);
    expect(province.store.incident(real.payload.incidentId)?.drill).toBeUndefined();
  });
});
