import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../shared/ids';
import { roomsFor, visibleTo } from '../shared/sync/routing';
import type { HubEventStore } from './store';
import { hubStoreKinds, type TestHubStore } from './test-stores.testing';
import { hubPublisher } from './testing';

/**
 * The hub keeps drill records apart even from a station that skips its own decider (decision 0024): a
 * forged drill tag, a drill report sent past the organiser and an inject to a station outside the
 * organiser are refused; an inject is seen by its one drilled room; a real report goes up as usual.
 * A drill incident and every record about it stop at the organiser (its route's ceiling), in what each
 * store answers to pulls and digests as much as in the route. On both hub stores.
 */
const places = {
  province: { station: 'province-50', jurisdiction: '50' },
  town: { station: 'town-500110101', jurisdiction: '500110101' },
  city: { station: 'city-5001', jurisdiction: '5001' },
  district: { station: 'district-500110', jurisdiction: '500110' },
  sibling: { station: 'district-500111', jurisdiction: '500111' },
} as const;

let where: TestHubStore;
let store: HubEventStore;
const { publish, reset } = hubPublisher(places, () => store);

const facts = {
  title: '演练来电',
  category: 'accident',
  subtype: 'hazardous_chemicals',
  level: 'III',
  location: { areaCode: '500110', address: 'G65' },
  occurredAt: '2026-12-07T01:55:00.000Z',
  receivedAt: '2026-12-07T02:00:00.000Z',
  source: 'phone',
};

describe.each(hubStoreKinds)('on $name', (kind) => {
  beforeEach(() => {
    where = kind.make();
    store = where.open();
    reset();
  });
  afterEach(() => {
    store.close();
    where.cleanup();
  });

  describe('drill records at the hub', () => {
    it('refuses a drill tag on an incident the drill never called in, and a drill report past the organiser', () => {
      const drillId = newId();
      const tag = { drillId, injectKey: 'tanker_call', organiser: '5001' };
      // Before any inject: a tag is a forgery (a real incident hidden as a drill's).
      const early = publish('district', {
        type: 'incident.registered',
        stream: `incident:${newId()}`,
        payload: { facts, drill: tag },
      });
      expect(early.ok).toBe(false);
      expect(early.errors[0]?.field).toBe('payload.drill');

      expect(
        publish('city', {
          type: 'drill.started',
          stream: `drill:${drillId}`,
          payload: { drilled: ['500110'] },
        }).ok,
      ).toBe(true);
      // An inject only to a station within the organiser.
      expect(
        publish('city', {
          type: 'drill.inject_delivered',
          stream: `drill:${drillId}`,
          payload: { drilled: '510104', injectKey: 'tanker_call' },
        }).ok,
      ).toBe(false);
      const inject = publish('city', {
        type: 'drill.inject_delivered',
        stream: `drill:${drillId}`,
        payload: { drilled: '500110', injectKey: 'tanker_call' },
      });
      expect(inject.ok).toBe(true);
      // Seen by the drilled room and the organiser's chain, not by the sibling district.
      expect(['500110', '5001', '50'].map((v) => visibleTo(v, inject.route!))).toEqual([true, true, true]);
      expect(visibleTo('500111', inject.route!)).toBe(false);

      // The sibling cannot claim the district's call; the district can, naming the true organiser only.
      expect(
        publish('sibling', {
          type: 'incident.registered',
          stream: `incident:${newId()}`,
          payload: { facts, drill: tag },
        }).ok,
      ).toBe(false);
      expect(
        publish('district', {
          type: 'incident.registered',
          stream: `incident:${newId()}`,
          payload: { facts, drill: { ...tag, organiser: '50' } },
        }).ok,
      ).toBe(false);
      const incidentId = newId();
      expect(
        publish('district', {
          type: 'incident.registered',
          stream: `incident:${incidentId}`,
          payload: { facts, drill: tag },
        }).ok,
      ).toBe(true);
      const reportStream = `report:${newId()}`;
      expect(
        publish('district', { type: 'report.drafted', stream: reportStream, payload: { incidentId } }).ok,
      ).toBe(true);
      const past = publish('district', {
        type: 'report.sent',
        stream: reportStream,
        payload: { addressedTo: '50' },
      });
      expect(past.ok).toBe(false);
      expect(past.errors[0]?.field).toBe('payload.addressedTo');
      expect(past.errors[0]?.detail).toContain('organiser');
    });

    it('a drill report to the organiser goes through; a real report of the same station goes to the province', () => {
      const drillId = newId();
      publish('city', {
        type: 'drill.started',
        stream: `drill:${drillId}`,
        payload: { drilled: ['500110'] },
      });
      publish('city', {
        type: 'drill.inject_delivered',
        stream: `drill:${drillId}`,
        payload: { drilled: '500110', injectKey: 'tanker_call' },
      });
      const drillIncident = newId();
      publish('district', {
        type: 'incident.registered',
        stream: `incident:${drillIncident}`,
        payload: { facts, drill: { drillId, injectKey: 'tanker_call', organiser: '5001' } },
      });
      const drillReport = `report:${newId()}`;
      publish('district', {
        type: 'report.drafted',
        stream: drillReport,
        payload: { incidentId: drillIncident },
      });
      expect(
        publish('district', { type: 'report.sent', stream: drillReport, payload: { addressedTo: '5001' } })
          .ok,
      ).toBe(true);

      const realIncident = newId();
      expect(
        publish('district', {
          type: 'incident.registered',
          stream: `incident:${realIncident}`,
          payload: { facts },
        }).ok,
      ).toBe(true);
      const realReport = `report:${newId()}`;
      publish('district', {
        type: 'report.drafted',
        stream: realReport,
        payload: { incidentId: realIncident },
      });
      const sent = publish('district', {
        type: 'report.sent',
        stream: realReport,
        payload: { addressedTo: '50' },
      });
      expect(sent.ok).toBe(true);
      expect(visibleTo('50', sent.route!)).toBe(true);
    });

    it('a hand-registered incident linked by the organiser: its reports go no higher than the organiser; only the organiser links, and only what its drill called in', () => {
      const drillId = newId();
      publish('city', {
        type: 'drill.started',
        stream: `drill:${drillId}`,
        payload: { drilled: ['500110'] },
      });
      publish('city', {
        type: 'drill.inject_delivered',
        stream: `drill:${drillId}`,
        payload: { drilled: '500110', injectKey: 'tanker_call' },
      });
      // Registered by hand (no tag): real, and its first report goes to the province.
      const incidentId = newId();
      expect(
        publish('district', {
          type: 'incident.registered',
          stream: `incident:${incidentId}`,
          payload: { facts },
        }).ok,
      ).toBe(true);
      const first = `report:${newId()}`;
      publish('district', { type: 'report.drafted', stream: first, payload: { incidentId } });
      expect(
        publish('district', { type: 'report.sent', stream: first, payload: { addressedTo: '50' } }).ok,
      ).toBe(true);

      const link = (who: keyof typeof places, payload: Record<string, unknown>) =>
        publish(who, { type: 'drill_link.recorded', stream: `drill_link:${incidentId}`, payload });
      const good = { drillId, drilled: '500110', injectKey: 'tanker_call' };
      // Forgeries: the sibling (not the organiser) capping the district's reports, a call never delivered,
      // a drilled room that did not register the incident.
      expect(link('sibling', { ...good, drilled: '500111' }).ok).toBe(false);
      expect(link('province', good).ok).toBe(false);
      expect(link('city', { ...good, injectKey: 'team_out' }).ok).toBe(false);
      expect(link('city', { ...good, drilled: '500111' }).ok).toBe(false);
      const linked = link('city', good);
      expect(linked.ok).toBe(true);
      // Seen by the drilled room and above the organiser (so statistics there skip it), not by the sibling.
      expect(['500110', '5001', '50', '500111'].map((v) => visibleTo(v, linked.route!))).toEqual([
        true,
        true,
        true,
        false,
      ]);

      // A station that skips its decider cannot send the now-drill incident's 续报 past the organiser.
      const second = `report:${newId()}`;
      publish('district', { type: 'report.drafted', stream: second, payload: { incidentId } });
      const past = publish('district', {
        type: 'report.sent',
        stream: second,
        payload: { addressedTo: '50' },
      });
      expect(past.ok).toBe(false);
      expect(past.errors[0]?.detail).toContain('organiser 5001');
      expect(
        publish('district', { type: 'report.sent', stream: second, payload: { addressedTo: '5001' } }).ok,
      ).toBe(true);
    });
  });

  /** A city's drill on the district, its call delivered: the tag a registration of that call carries. */
  function drillOnDistrict() {
    const drillId = newId();
    publish('city', { type: 'drill.started', stream: `drill:${drillId}`, payload: { drilled: ['500110'] } });
    publish('city', {
      type: 'drill.inject_delivered',
      stream: `drill:${drillId}`,
      payload: { drilled: '500110', injectKey: 'tanker_call' },
    });
    return { drillId, tag: { drillId, injectKey: 'tanker_call', organiser: '5001' } };
  }

  /** The ids the store answers a station at `jurisdiction` with: a pull, a repair range and a digest scan. */
  function heldBy(jurisdiction: string, station = `viewer-${jurisdiction}`) {
    const pulled = store.readSince({ station, jurisdiction }, 0, 10_000).map((e) => e.id);
    const ranged = store.readRange(jurisdiction, 0, store.head(), 10_000).map((e) => e.id);
    const digested: string[] = [];
    store.forEachVisible(jurisdiction, 0, store.head(), (_seq, id) => digested.push(id));
    expect(ranged).toEqual(digested);
    expect(pulled).toEqual(ranged);
    return new Set(ranged);
  }

  describe('a drill incident goes no higher than the organiser', () => {
    it('its registration and every record about it stop at the organiser, in the route and in what the store answers; a real incident goes up', () => {
      const { tag } = drillOnDistrict();
      const incidentId = newId();
      const incident = `incident:${incidentId}`;
      const report = `report:${newId()}`;
      const dispatch = `dispatch:${newId()}`;
      const hq = `headquarters:${newId()}`;
      const line = `dutylog:${newId()}`;
      const drill = [
        publish('district', {
          type: 'incident.registered',
          stream: incident,
          payload: { facts, drill: tag },
        }),
        publish('district', {
          type: 'incident.facts_updated',
          stream: incident,
          payload: { changes: { title: '更新' } },
        }),
        publish('city', { type: 'incident.response_started', stream: incident, payload: {} }),
        publish('district', { type: 'report.drafted', stream: report, payload: { incidentId } }),
        publish('district', { type: 'report.sent', stream: report, payload: { addressedTo: '5001' } }),
        publish('city', { type: 'report.received', stream: report, payload: {} }),
        publish('district', {
          type: 'dispatch.issued',
          stream: dispatch,
          payload: { teamId: 'hazmat-1', incidentId },
        }),
        publish('district', { type: 'dispatch.acknowledged', stream: dispatch, payload: {} }),
        publish('district', { type: 'headquarters.activated', stream: hq, payload: { incidentId } }),
        publish('town', { type: 'headquarters.member_checked_in', stream: hq, payload: {} }),
        publish('district', {
          type: 'dutylog.entry_recorded',
          stream: line,
          payload: { kind: 'call_received', incidentId },
        }),
        publish('district', {
          type: 'dutylog.entry_corrected',
          stream: line,
          payload: { changes: { text: '更正' } },
        }),
        publish('district', {
          type: 'alarm.raised',
          stream: `alarm:deadline-${incidentId}`,
          payload: { incidentId },
        }),
      ];
      for (const d of drill) {
        expect(d.errors, d.event.type).toEqual([]);
        expect(d.route?.ceiling, d.event.type).toBe('5001');
        expect(visibleTo('50', d.route!), d.event.type).toBe(false);
        expect(roomsFor(d.route!), d.event.type).not.toContain('node:50');
      }
      // The organiser sees what went up to it, the sending room its receipt, the town the headquarters.
      expect(drill.every((d) => visibleTo('5001', d.route!))).toBe(true);
      expect(visibleTo('500110', drill[5].route!)).toBe(true);
      expect(visibleTo('500110101', drill[8].route!)).toBe(true);
      expect(roomsFor(drill[8].route!)).toContain('below:500110');

      // The same district's real work, at the same time, goes to the province.
      const realId = newId();
      const realReport = `report:${newId()}`;
      const real = [
        publish('district', {
          type: 'incident.registered',
          stream: `incident:${realId}`,
          payload: { facts },
        }),
        publish('district', { type: 'report.drafted', stream: realReport, payload: { incidentId: realId } }),
        publish('district', { type: 'report.sent', stream: realReport, payload: { addressedTo: '50' } }),
        publish('district', {
          type: 'dutylog.entry_recorded',
          stream: `dutylog:${newId()}`,
          payload: { kind: 'call_received' },
        }),
      ];
      for (const r of real) {
        expect(r.route?.ceiling, r.event.type).toBeNull();
        expect(visibleTo('50', r.route!)).toBe(true);
      }

      const ids = (list: typeof drill) => list.map((d) => d.event.id);
      const province = heldBy('50');
      for (const id of ids(drill)) expect(province.has(id)).toBe(false);
      for (const id of ids(real)) expect(province.has(id)).toBe(true);
      const city = heldBy('5001');
      for (const id of [...ids(drill), ...ids(real)]) expect(city.has(id)).toBe(true);
      // The headquarters flows down to the town, within the ceiling; the sibling district sees none of it.
      expect(heldBy('500110101').has(drill[8].event.id)).toBe(true);
      for (const id of ids(drill)) expect(heldBy('500111').has(id)).toBe(false);

      // A duty-log line about real work, corrected to name the drill incident: capped from the correction on.
      const later = `dutylog:${newId()}`;
      const recorded = publish('district', {
        type: 'dutylog.entry_recorded',
        stream: later,
        payload: { kind: 'call_received' },
      });
      const corrected = publish('district', {
        type: 'dutylog.entry_corrected',
        stream: later,
        payload: { changes: { incidentId }, reason: '关联事件' },
      });
      expect([recorded.route?.ceiling, corrected.route?.ceiling]).toEqual([null, '5001']);
    });

    it('an incident linked to the drill is capped from the link on; what went up before stays; a superior above the organiser writing about it is not hidden from itself', () => {
      const { drillId } = drillOnDistrict();
      const incidentId = newId();
      const incident = `incident:${incidentId}`;
      const before = [
        publish('district', { type: 'incident.registered', stream: incident, payload: { facts } }),
        publish('district', {
          type: 'incident.facts_updated',
          stream: incident,
          payload: { changes: { title: '更新' } },
        }),
      ];
      for (const b of before) expect(b.route?.ceiling).toBeNull();
      const link = publish('city', {
        type: 'drill_link.recorded',
        stream: `drill_link:${incidentId}`,
        payload: { drillId, drilled: '500110', injectKey: 'tanker_call' },
      });
      expect(link.ok).toBe(true);
      // The link itself is a fact about the drill that the province's statistics read.
      expect(link.route?.ceiling).toBeNull();
      expect(visibleTo('50', link.route!)).toBe(true);

      const report = `report:${newId()}`;
      const after = [
        publish('district', {
          type: 'incident.facts_updated',
          stream: incident,
          payload: { changes: { title: '再更新' } },
        }),
        publish('district', { type: 'report.drafted', stream: report, payload: { incidentId } }),
        publish('district', { type: 'report.sent', stream: report, payload: { addressedTo: '5001' } }),
      ];
      for (const a of after) expect(a.route?.ceiling, a.event.type).toBe('5001');
      const province = heldBy('50');
      expect(before.every((b) => province.has(b.event.id))).toBe(true);
      expect(after.some((a) => province.has(a.event.id))).toBe(false);

      // The province starting a response on it (it held the incident from before the link): its own event
      // goes no ceiling — a station is never hidden from what it wrote itself.
      const superior = publish('province', {
        type: 'incident.response_started',
        stream: incident,
        payload: {},
      });
      expect(superior.ok).toBe(true);
      expect(superior.route?.ceiling).toBeNull();
      expect(heldBy('50').has(superior.event.id)).toBe(true);
    });
  });
});
