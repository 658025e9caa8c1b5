import { describe, expect, it } from 'vitest';
import { newId } from '../../shared/ids';
import type { StationStore } from '../store/index';
import { leader, officer, registerIncidentCommand } from '../store/store.testing';
import { startDrillRunner } from './runner';
import { drillHubRig, until, ok, codes } from './hub-rig.testing';
import { timelinessFromLog } from '../reports/service';
import { stationRuleProfile } from '../rules/profiles';

/**
 * 演练数据不混入真实数据 (issue 22, decision 0024), through a real hub and real stations: the city runs a
 * blind drill on a district; the call reaches the district as a call, not as a drill; what the district
 * does with it stays in the drill — no higher than the city, out of the statistics — while a real
 * incident the district registers by hand during the drill goes to the province as usual.
 */
const rig = drillHubRig('duty-drill-sync-', 'drill-sync-test-key-0123456789-abcdefgh');
const { runners, station } = rig;

/** A phone 首报 (no 签发 needed) about an incident, sent to `to`. */
function phoneReport(store: StationStore, incidentId: string, to: string) {
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
  return {
    reportId,
    sent: store.execute(
      { id: newId(), type: 'report.send', payload: { reportId, addressedTo: to } },
      officer,
    ),
  };
}

describe('a blind drill through the hub', () => {
  it('injects reach the drilled room only; drill records stay below the organiser and out of statistics; a real incident still reaches the province', async () => {
    const province = await station('province-50', '50');
    const city = await station('city-5001', '5001');
    const district = await station('district-500110', '500110');
    const sibling = await station('district-500111', '500111');
    const all = [province, city, district, sibling];
    await until('links online', () => all.every((s) => s.link.state().status === 'online'));
    runners.push(startDrillRunner({ store: city.store, maxSleepMs: 50 }));

    // The city starts a blind drill on the district, now.
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
    // The runner delivers the first call (minute 0) to the district through the hub.
    await until(
      'the call reaches the district',
      () => (district.store.drills.byId(drillId)?.deliveries.length ?? 0) > 0,
    );
    const atDistrict = district.store.drills.byId(drillId)!;
    // Blind: the district holds the call, not the drill's start, script or time.
    expect(atDistrict.plan).toBeUndefined();
    expect(district.store.streamEvents(`drill:${drillId}`).map((e) => e.type)).toEqual([
      'drill.inject_delivered',
    ]);
    const call = atDistrict.deliveries[0];
    expect(call).toMatchObject({ injectKey: 'tanker_call', drilled: '500110' });
    expect(call.facts?.location.areaCode).toBe('500110');

    // The district registers the call it received: the incident carries the drill's tag.
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
    expect(district.store.incident(drillIncident)?.drill).toEqual({
      drillId,
      injectKey: 'tanker_call',
      organiser: '5001',
    });

    // Leak 1: tagging an incident with a call it never received is refused (a real incident cannot be hidden as a drill's).
    const forged = registerIncidentCommand({ title: '伪造的演练事件' });
    expect(
      codes(
        district.store.execute(
          { ...forged, payload: { ...forged.payload, fromInject: { drillId, injectKey: 'team_out' } } },
          officer,
        ),
      ),
    ).toEqual(['DRILL_NOT_DELIVERED']);
    expect(
      codes(
        sibling.store.execute(
          {
            ...forged,
            id: newId(),
            payload: { ...forged.payload, fromInject: { drillId, injectKey: 'tanker_call' } },
          },
          officer,
        ),
      ),
    ).toEqual(['DRILL_NOT_DELIVERED']);

    // Leak 2: the drill's 首报 may go to the organiser, never past it to the province.
    const aboveOrganiser = phoneReport(district.store, drillIncident, '50');
    expect(codes(aboveOrganiser.sent)).toEqual(['DRILL_ABOVE_ORGANISER']);
    const toOrganiser = phoneReport(district.store, drillIncident, '5001');
    ok(toOrganiser.sent);

    // Meanwhile a real incident, registered by hand during the blind drill: real, and it goes to the province.
    const real = registerIncidentCommand({ title: '真实事件：某镇山体滑坡' });
    ok(district.store.execute(real, officer));
    expect(district.store.incident(real.payload.incidentId)?.drill).toBeUndefined();
    const realReport = phoneReport(district.store, real.payload.incidentId, '50');
    ok(realReport.sent);

    await until(
      'the province holds the real report',
      () => province.store.report(realReport.reportId)?.status === 'sent',
    );
    await until(
      'the city holds the drill report',
      () => city.store.report(toOrganiser.reportId)?.status === 'sent',
    );
    expect(province.store.reportsAwaitingReceipt('50').map((r) => r.id)).toEqual([realReport.reportId]);
    expect(city.store.reportsAwaitingReceipt('5001').map((r) => r.id)).toEqual([toOrganiser.reportId]);
    // The drilled room owes its reports (the drill's deadlines are real to it); the city owes no 转报 of a drill.
    expect(district.store.obligationsOf(drillIncident).length).toBeGreaterThan(0);
    await until('the city holds the drill incident', () => city.store.incident(drillIncident) !== undefined);
    expect(city.store.obligationsOf(drillIncident)).toEqual([]);

    // The sibling district never saw the inject.
    expect(sibling.store.drills.byId(drillId)).toBeUndefined();

    // Leak 3: timeliness statistics count the real incident only, at the district and above.
    const period = { from: Date.parse('2020-01-01T00:00:00Z'), to: Date.now() + 86_400_000 };
    for (const s of [district, city, province]) {
      const stats = ok(
        timelinessFromLog(s.store, {
          period,
          now: Date.now(),
          profile: stationRuleProfile(s.store.jurisdiction),
        }),
      );
      const counted = JSON.stringify(stats);
      expect(counted, s.store.stationId).not.toContain(drillIncident);
    }
    const districtStats = ok(
      timelinessFromLog(district.store, { period, now: Date.now(), profile: stationRuleProfile('500110') }),
    );
    expect(JSON.stringify(districtStats)).toContain(real.payload.incidentId);

    // The city ends the drill: the district is told.
    ok(
      city.store.execute(
        { id: newId(), type: 'drill.end', payload: { drillId, reason: '演练结束' } },
        leader,
      ),
    );
    await until(
      'the district hears the drill ended',
      () => district.store.drills.byId(drillId)?.status === 'ended',
    );
    expect(district.store.drills.byId(drillId)?.endReason).toBe('演练结束');
    // After the end a drill call is no longer registered as the drill's.
    expect(
      codes(
        district.store.execute(
          {
            id: newId(),
            type: 'incident.register',
            payload: { facts: call.facts, fromInject: { drillId, injectKey: 'tanker_call' } },
          },
          officer,
        ),
      ),
    ).toEqual(['DRILL_NOT_RUNNING']);
  });
});
