import { describe, expect, it } from 'vitest';
import { newId } from '../../shared/ids';
import { MINUTE, toInstant } from '../../shared/time';
import type { StationStore } from '../store/index';
import { leader, officer, registerIncidentCommand } from '../store/store.testing';
import { startDrillRunner } from './runner';
import { drillHubRig, until, ok, codes } from './hub-rig.testing';
import { drillEvaluation } from './exports';
import { timelinessFromLog } from '../reports/service';
import { stationRuleProfile } from '../rules/profiles';
import { annualDrillPlanHandlers } from '../api/annualDrillPlan';

/**
 * 事后关联演练 (issue 22, decision 0024), through a real hub and real stations: during a city's blind
 * drill the district officer registers the injected call by hand — real, so it goes to the province as
 * usual and counts in statistics. Only the city (the organiser) may link it to the drill afterwards, and
 * only an incident of a drilled room received during the drill; once linked it counts as drill at every
 * level (out of statistics, in the evaluation) and no further report of it goes above the city. The
 * drilled room learns the participants' phones with the call; the county-level annual plan sees the
 * district's comprehensive drill only once one is held.
 */
const rig = drillHubRig('duty-drill-link-', 'drill-link-test-key-0123456789-abcdefgh');
const { runners, station } = rig;

/** A phone report (no 签发 needed) about an incident, sent to `to`. */
function phoneReport(store: StationStore, incidentId: string, to: string, kind: 'initial' | 'follow_up') {
  const reportId = newId();
  ok(
    store.execute(
      {
        id: newId(),
        type: 'report.draft',
        payload: {
          reportId,
          incidentId,
          kind,
          channel: 'phone',
          content: {
            unit: '区应急管理局',
            time: '刚才',
            place: '高速',
            summary: kind === 'initial' ? '电话首报' : '电话续报',
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

/** An incident registered by hand at `store`, received at `receivedMs`. */
function byHand(store: StationStore, title: string, receivedMs: number): string {
  const cmd = registerIncidentCommand({ title });
  const facts = {
    ...cmd.payload.facts,
    location: { ...cmd.payload.facts.location, areaCode: store.jurisdiction },
    occurredAt: toInstant(receivedMs - 5 * MINUTE),
    receivedAt: toInstant(receivedMs),
  };
  ok(store.execute({ ...cmd, payload: { ...cmd.payload, facts } }, officer));
  return cmd.payload.incidentId;
}

const period = () => ({ from: Date.parse('2020-01-01T00:00:00Z'), to: Date.now() + 86_400_000 });
/** How many incidents a station's timeliness statistics count (each real incident's first report). */
const counted = (store: StationStore) =>
  ok(
    timelinessFromLog(store, {
      period: period(),
      now: Date.now(),
      profile: stationRuleProfile(store.jurisdiction),
    }),
  ).firstReport.total.incidents;

describe('linking a hand-registered incident to a drill', () => {
  it('is real until the organiser links it; then it is drill at every level, and only the organiser may link what fits', async () => {
    const province = await station('province-50', '50');
    const city = await station('city-5001', '5001');
    const district = await station('district-500110', '500110');
    const sibling = await station('district-500111', '500111');
    const all = [province, city, district, sibling];
    await until('links online', () => all.every((s) => s.link.state().status === 'online'));
    runners.push(startDrillRunner({ store: city.store, maxSleepMs: 50 }));

    // Received an hour before the drill: never the drill's.
    const before = byHand(district.store, '演练前的真实事件', Date.now() - 60 * MINUTE);
    const drillId = newId();
    ok(
      city.store.execute(
        {
          id: newId(),
          type: 'drill.start',
          payload: {
            drillId,
            scenarioId: 'hazchem-road-district',
            drilled: ['500110'],
            mode: 'blind',
            participants: [{ name: '区值班领导', phone: '13800000001' }],
          },
        },
        leader,
      ),
    );
    await until(
      'the call reaches the district',
      () => (district.store.drills.byId(drillId)?.deliveries.length ?? 0) > 0,
    );
    // The drilled room knows whom a drill notice may reach, not the drill's script.
    expect(district.store.drills.byId(drillId)?.participantPhones).toEqual(['13800000001']);
    expect(district.store.drills.byId(drillId)?.plan).toBeUndefined();

    // The officer takes the call as a real one and registers it by hand: real, to the province as usual.
    const call = district.store.drills.byId(drillId)!.deliveries[0];
    const handIncident = newId();
    ok(
      district.store.execute(
        { id: newId(), type: 'incident.register', payload: { incidentId: handIncident, facts: call.facts } },
        officer,
      ),
    );
    expect(district.store.incident(handIncident)?.drill).toBeUndefined();
    const first = phoneReport(district.store, handIncident, '50', 'initial');
    ok(first.sent);
    await until(
      'the province holds the real 首报',
      () => province.store.report(first.reportId)?.status === 'sent',
    );
    // Counted as real at the district: the incident before the drill and this one.
    expect(counted(district.store)).toBe(2);
    await until('the province holds the incident', () => province.store.incident(handIncident) !== undefined);

    const siblingIncident = byHand(sibling.store, '邻区真实事件', Date.now());
    await until('the city holds every incident', () =>
      [before, handIncident, siblingIncident].every((id) => city.store.incident(id) !== undefined),
    );
    await until('the province holds every incident', () =>
      [before, handIncident, siblingIncident].every((id) => province.store.incident(id) !== undefined),
    );
    const realBefore = [district, city, province].map((x) => counted(x.store));
    expect(realBefore).toEqual([2, 3, 3]);
    const link = (store: StationStore, incidentId: string, injectKey = 'tanker_call') =>
      store.execute(
        { id: newId(), type: 'drill.link_incident', payload: { drillId, incidentId, injectKey } },
        leader,
      );
    // Only the organiser links; only a drilled room's incident, received during the drill, to a call it received.
    // (the drilled room does not even hold the blind drill's plan; the province holds it, but does not organise it)
    expect(codes(link(district.store, handIncident))).toEqual(['NOT_FOUND']);
    expect(codes(link(province.store, handIncident))).toEqual(['NOT_AUTHORISED']);
    expect(codes(link(city.store, siblingIncident))).toEqual(['DRILL_LINK_OUTSIDE']);
    expect(codes(link(city.store, before))).toEqual(['DRILL_LINK_OUTSIDE']);
    expect(codes(link(city.store, handIncident, 'no_such_call'))).toEqual(['DRILL_NOT_DELIVERED']);
    ok(link(city.store, handIncident));
    expect(codes(link(city.store, handIncident))).toEqual(['ALREADY_EXISTS']);

    // The drilled room and the province hear of the link; the sibling does not.
    await until('the district holds the link', () => district.store.drillLinkOf(handIncident) !== undefined);
    await until('the province holds the link', () => province.store.drillLinkOf(handIncident) !== undefined);
    expect(sibling.store.drillLinkOf(handIncident)).toBeUndefined();

    // From now on it is drill: its 续报 goes no higher than the city…
    const second = phoneReport(district.store, handIncident, '50', 'follow_up');
    expect(codes(second.sent)).toEqual(['DRILL_ABOVE_ORGANISER']);
    ok(phoneReport(district.store, handIncident, '5001', 'follow_up').sent);
    // …it counts in no statistics at any level, while the other real incidents still do…
    await until('the city holds the link', () => city.store.drillLinkOf(handIncident) !== undefined);
    await until('the province holds the link', () => province.store.drillLinkOf(handIncident) !== undefined);
    expect([district, city, province].map((x) => counted(x.store))).toEqual([1, 2, 2]);
    expect(counted(sibling.store)).toBe(1);
    // …and the drill's evaluation counts the registration and the 首报 as the room's answer to the call.
    const evaluation = ok(drillEvaluation(city.store, drillId, Date.now()));
    expect(
      evaluation.timeline.filter((t) => t.jurisdiction === '500110').map((t) => [t.action, t.subject]),
    ).toEqual(
      expect.arrayContaining([
        ['register', 'tanker_call'],
        ['initial_report', 'tanker_call'],
      ]),
    );
    const registered = evaluation.timeline.find((t) => t.action === 'register')!;
    expect(Date.parse(registered.at)).toBeLessThan(
      Date.parse(city.store.drills.byId(drillId)!.links![0].at),
    );
  });

  it('年度演练计划: a superior sees which townships below it have not held their comprehensive drill this year', async () => {
    const city = await station('city-5001', '5001');
    const district = await station('district-500110', '500110');
    const held = await station('township-500110001', '500110001');
    const planned = await station('township-500110002', '500110002');
    const all = [city, district, held, planned];
    await until('links online', () => all.every((s) => s.link.state().status === 'online'));
    runners.push(startDrillRunner({ store: district.store, maxSleepMs: 50 }));
    const year = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();

    // One township plans its comprehensive drill for November; the district drills the other one.
    ok(
      planned.store.execute(
        { id: newId(), type: 'drill_plan.save_entry', payload: { year, kind: 'comprehensive', month: 11 } },
        leader,
      ),
    );
    const drillId = newId();
    ok(
      district.store.execute(
        {
          id: newId(),
          type: 'drill.start',
          payload: { drillId, scenarioId: 'flash-flood-township', drilled: ['500110001'], mode: 'announced' },
        },
        leader,
      ),
    );
    await until('an inject reaches the township', () => held.store.drills.byId(drillId) !== undefined);
    const standings = async (store: StationStore, jurisdiction: string) =>
      ok(
        await annualDrillPlanHandlers(store, {
          jurisdiction,
          clock: () => Date.now(),
          townships: () => [{ code: '500110003', name: '未建站的镇' }],
        }).annualDrillPlan({}),
      ).townships.map((t) => [t.jurisdiction, t.comprehensiveHeld, t.planned.length, t.held.length]);
    // Running is not held.
    await until('the district holds the plan', () => district.store.drillPlans().has('500110002'));
    expect(await standings(district.store, '500110')).toEqual([
      ['500110001', false, 0, 0],
      ['500110002', false, 1, 0],
      ['500110003', false, 0, 0],
    ]);

    ok(
      district.store.execute(
        { id: newId(), type: 'drill.end', payload: { drillId, reason: '演练结束' } },
        leader,
      ),
    );
    await until('the city hears the end', () => city.store.drills.byId(drillId)?.status === 'ended');
    await until('the city holds the plan', () => city.store.drillPlans().has('500110002'));
    for (const [store, jurisdiction] of [
      [district.store, '500110'],
      [city.store, '5001'],
    ] as const)
      expect(await standings(store, jurisdiction), jurisdiction).toEqual([
        ['500110002', false, 1, 0],
        ['500110003', false, 0, 0],
        ['500110001', true, 0, 1],
      ]);
    // The drilled township sees its own drill held, its kind told by the end.
    const own = ok(
      await annualDrillPlanHandlers(held.store, {
        jurisdiction: '500110001',
        clock: () => Date.now(),
      }).annualDrillPlan({}),
    );
    expect(own.held.map((h) => [h.drillId, h.kind])).toEqual([[drillId, 'comprehensive']]);
    expect(own.townships).toEqual([]);
  });
});
