import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../shared/ids';
import { ancestorsOf, isWithin, parentOf } from '../shared/domain/jurisdiction';
import { aggregateOf, eventPayloads, type EventType } from '../shared/events/catalog';
import { sealEvents, type EventDraft } from '../shared/events/envelope';
import { flowsDownward, visibleTo } from '../shared/sync/routing';
import { hubStoreKinds, type TestHubStore } from './test-stores.testing';
import { nodeSha256 } from './server';
import { creationTypes, routingTable } from './routing';
import type { HubEventStore } from './store';
import { hubPublisher } from './testing';

/**
 * The routing table against a real hub log (SQLite), one case per event type of the catalog: who may
 * publish it (tried from the owner, a station below, its superior, a sibling and another province) and
 * who can see it once admitted. The expectations are written out here, type by type, as the issue
 * states them; a type added to the catalog without a line below fails (the test iterates the catalog).
 */

const places = {
  owner: { station: 'district-500110', jurisdiction: '500110' },
  below: { station: 'town-500110101', jurisdiction: '500110101' },
  superior: { station: 'city-5001', jurisdiction: '5001' },
  sibling: { station: 'district-500111', jurisdiction: '500111' },
  elsewhere: { station: 'province-51', jurisdiction: '51' },
} as const;
type Place = keyof typeof places;
const everyone = Object.keys(places) as Place[];
/** Every node a station could sit at in this tree (for who-sees-it checks). */
const viewers = ['50', '5001', '500110', '500111', '500110101', '51', '5101'];

type Goes = 'up' | 'down' | 'to_addressee' | 'to_sender' | 'to_drilled';
interface Expect {
  /** Who may publish it on an aggregate the owner created. */
  may: readonly Place[];
  goes: Goes;
}
const ownerOnly: Expect = { may: ['owner'], goes: 'up' };
const ownerOnlyDown: Expect = { may: ['owner'], goes: 'down' };
/** A station's own record (ids may repeat across stations): everyone may create one. */
const ownRecord: Expect = { may: everyone, goes: 'up' };

const expectations: Record<EventType, Expect> = {
  'incident.registered': ownerOnly,
  'incident.facts_updated': ownerOnly,
  'incident.response_started': { may: ['owner', 'superior'], goes: 'up' },
  'incident.closed': ownerOnly,
  'incident.reopened': ownerOnly,
  'incident.obligation_waived': ownerOnly,
  'report.drafted': ownerOnly,
  'report.revised': ownerOnly,
  'report.submitted': ownerOnly,
  'report.approved': ownerOnly,
  'report.returned': ownerOnly,
  'report.sent': { may: ['owner'], goes: 'to_addressee' },
  'report.received': { may: ['superior'], goes: 'to_sender' },
  // 人工回执 (issue 19): the sender's own record of an external unit's receipt.
  'report.receipt_recorded': ownerOnly,
  'team.registered': ownRecord,
  'team.position_reported': ownerOnly,
  'team.status_changed': ownerOnly,
  'depot.registered': ownRecord,
  'shelter.registered': ownRecord,
  'shelter.occupancy_reported': ownerOnly,
  'risk_point.registered': ownRecord,
  'dispatch.issued': ownerOnly,
  'dispatch.acknowledged': ownerOnly,
  'dispatch.arrived': ownerOnly,
  'dispatch.completed': ownerOnly,
  'dispatch.cancelled': ownerOnly,
  'warning.issued': ownerOnlyDown,
  'warning.lifted': ownerOnlyDown,
  'warning.recipients_added': ownerOnlyDown,
  'warning.delivered': ownerOnlyDown,
  'warning.delivery_failed': ownerOnlyDown,
  'warning.acknowledged': { may: ['owner', 'below'], goes: 'down' },
  'warning.action_reported': { may: ['owner', 'below'], goes: 'down' },
  'warning.renotified': ownerOnlyDown,
  'warning.escalated': ownerOnlyDown,
  'staff.registered': ownRecord,
  'roster.published': ownRecord,
  'roster.shifts_added': ownerOnly,
  'roster.position_assigned': ownerOnly,
  'roster.checked_in': ownerOnly,
  'roster.swap_requested': ownerOnly,
  'roster.swap_approved': ownerOnly,
  'roster.swap_rejected': ownerOnly,
  'roster.handover_recorded': ownerOnly,
  'roster.handover_signed': ownerOnly,
  'headquarters.activated': ownerOnlyDown,
  'headquarters.member_notified': { may: ['owner', 'below'], goes: 'down' },
  'headquarters.notification_failed': { may: ['owner', 'below'], goes: 'down' },
  'headquarters.member_checked_in': { may: ['owner', 'below'], goes: 'down' },
  'headquarters.site_placed': ownerOnlyDown,
  'headquarters.level_raised': ownerOnlyDown,
  'headquarters.level_lowered': ownerOnlyDown,
  'headquarters.task_done': ownerOnlyDown,
  'headquarters.response_terminated': ownerOnlyDown,
  'hq_plan.saved': ownRecord,
  'alarm.raised': ownRecord,
  'alarm.acknowledged': ownerOnly,
  'dutylog.entry_recorded': ownerOnly,
  'dutylog.entry_corrected': ownerOnly,
  // On the owner's own wall stream; each station's own wall is checked below.
  'display.wall_configured': ownerOnly,
  // 授权签发 (issue 17): on the owner's own delegation stream, like its wall.
  'delegation.recorded': ownerOnly,
  'delegation.revoked': ownerOnly,
  // 人员口令 (issue 17): on the owner's own credential stream; no secret in it.
  'credential.set': ownerOnly,
  'credential.reset': ownerOnly,
  'credential.revoked': ownerOnly,
  // 演练 (decision 0024): the start stays above the drilled rooms; an inject goes to its one room; the end goes down.
  'drill.started': ownerOnly,
  'drill.paused': ownerOnly,
  'drill.resumed': ownerOnly,
  'drill.ended': ownerOnlyDown,
  'drill.inject_delivered': { may: ['owner'], goes: 'to_drilled' },
  'drill.inject_answered': { may: ['owner', 'below'], goes: 'up' },
  // 演练评估 and plan revisions stay with the organiser; a link goes up and to the drilled room.
  'drill.findings_recorded': ownerOnly,
  'drill.plan_revision_opened': ownerOnly,
  'drill.incident_linked': { may: ['owner'], goes: 'to_drilled' },
  'drill_link.recorded': { may: ['owner'], goes: 'to_drilled' },
  // 年度演练计划: on the owner's own plan stream, like its wall.
  'drill_plan.entry_saved': ownerOnly,
  'drill_plan.entry_removed': ownerOnly,
};

/** The drill a link names (drill_link.recorded): started by the owner, its call delivered below. */
const LINK_DRILL = newId();

/** The payload fields the rules read (the schema itself is checked before the table, in parseEvent). */
function payloadFor(type: EventType, at: Place): unknown {
  const j = places[at].jurisdiction;
  switch (type) {
    case 'report.sent':
      return { addressedTo: parentOf(j) ?? '50' };
    case 'report.received':
      return { receivedBy: `officer-${at}` };
    case 'report.receipt_recorded':
      return { receiverName: `王${at}`, receivedAt: '2026-12-07T02:00:00.000Z', source: 'manual' };
    case 'warning.issued':
      return {
        warning: {
          areas: [j],
          recipients: [
            { id: `grid-${at}`, jurisdiction: j },
            // The owner's warning reaches a grid person in the township below.
            ...(at === 'owner' ? [{ id: 'grid-town', jurisdiction: places.below.jurisdiction }] : []),
          ],
        },
      };
    case 'warning.recipients_added':
      return { recipients: [{ id: `more-${at}`, jurisdiction: j }] };
    case 'drill.started':
      return { drilled: [places.below.jurisdiction] };
    case 'drill.inject_delivered':
      return { drilled: places.below.jurisdiction, injectKey: 'call' };
    case 'drill.incident_linked':
      return { incidentId: newId(), drilled: places.below.jurisdiction, injectKey: 'call' };
    case 'drill_link.recorded':
      return { drillId: LINK_DRILL, drilled: places.below.jurisdiction, injectKey: 'call' };
    case 'warning.acknowledged':
    case 'warning.action_reported':
      return { recipientId: 'grid-town' };
    default:
      return {};
  }
}

/** A report sent to an upper level outside Duty Room (issue 19): the city's office, by phone. */
const externalSend = {
  addressedTo: '5001',
  external: { unitId: 'city-office', name: '市应急管理局', level: 'city', via: 'phone' },
};

let store: HubEventStore;
/** Seal one event as `at`'s next, hand it to the store through the table; the chain moves only when admitted. */
const { publish: publishAny, reset, routeBy, tailOf } = hubPublisher(places, () => store);
const publish = (at: Place, draft: { type: EventType; stream: string; payload: unknown }) =>
  publishAny(at, draft);

// The routing table asks the store inside the appending transaction: the same on SQLite and PostgreSQL.
describe.each(hubStoreKinds)('on $name', (kind) => {
  let where: TestHubStore;
  beforeAll(() => {
    // Each store starts empty: so do the stations' chains.
    reset();
    where = kind.make();
    store = where.open();
  });
  afterAll(() => {
    store.close();
    where.cleanup();
  });

  describe('the hub routing table', () => {
    it('has one rule for every event type of the catalog, and one creation type per aggregate', () => {
      const types = Object.keys(eventPayloads) as EventType[];
      for (const t of types) {
        expect(routingTable[t], `routing rule for ${t}`).toBeDefined();
        expect(expectations[t], `test expectation for ${t}`).toBeDefined();
        // The live rooms (shared/sync/routing.ts) and the table agree on what flows down.
        expect(routingTable[t].audience === 'up_and_below', t).toBe(flowsDownward(t));
      }
      expect(Object.keys(routingTable).sort()).toEqual([...types].sort());
      const aggregates = new Set(types.map(aggregateOf));
      aggregates.delete('display'); // one stream per station, named by it
      aggregates.delete('delegation'); // likewise
      aggregates.delete('credential'); // likewise
      aggregates.delete('drill_plan'); // likewise
      expect([...creationTypes.keys()].sort()).toEqual([...aggregates].sort());
    });

    for (const type of Object.keys(eventPayloads) as EventType[]) {
      const want = expectations[type];
      it(`${type}: published by ${want.may.join(', ')}; goes ${want.goes}`, () => {
        const aggregate = aggregateOf(type);
        const stream =
          aggregate === 'display' ||
          aggregate === 'delegation' ||
          aggregate === 'credential' ||
          aggregate === 'drill_plan'
            ? `${aggregate}:${places.owner.station}`
            : `${aggregate}:${newId()}`;
        const creation = creationTypes.get(aggregate);
        // The owner's aggregate exists first (its creation event), and a report is sent up to the city.
        if (creation !== undefined && creation !== type) {
          expect(
            publish('owner', { type: creation, stream, payload: payloadFor(creation, 'owner') }).result?.ok,
          ).toBe(true);
        }
        // A link names a drill the owner runs, a call it delivered below, and an incident registered there.
        if (type === 'drill_link.recorded') {
          const drill = `drill:${LINK_DRILL}`;
          publish('owner', {
            type: 'drill.started',
            stream: drill,
            payload: payloadFor('drill.started', 'owner'),
          });
          publish('owner', {
            type: 'drill.inject_delivered',
            stream: drill,
            payload: payloadFor('drill.inject_delivered', 'owner'),
          });
          const registered = publish('below', {
            type: 'incident.registered',
            stream: `incident:${stream.slice('drill_link:'.length)}`,
            payload: {},
          });
          expect(registered.result?.ok).toBe(true);
        }
        if (type === 'report.received') {
          const sent = publish('owner', {
            type: 'report.sent',
            stream,
            payload: { addressedTo: places.superior.jurisdiction },
          });
          expect(sent.result?.ok).toBe(true);
        }
        if (type === 'report.receipt_recorded') {
          const sent = publish('owner', { type: 'report.sent', stream, payload: externalSend });
          expect(sent.result?.ok).toBe(true);
        }
        // A creation: the owner first, then everyone else on the same stream. A later event: everyone else
        // first (an admitted stranger must not pass for the owner), then the owner.
        const others = everyone.filter((p) => p !== 'owner');
        const order: Place[] = creation === type ? ['owner', ...others] : [...others, 'owner'];
        const admitted: Place[] = [];
        for (const at of order) {
          const { event, result, stored } = publish(at, { type, stream, payload: payloadFor(type, at) });
          if (!result?.ok) {
            expect(result?.errors[0]?.code, `${type} from ${at}`).toBe('NOT_AUTHORISED');
            expect(store.eventsOfStation(places[at].station).some((e) => e.id === event.id)).toBe(false);
            continue;
          }
          admitted.push(at);
          if (!stored) throw new Error(`${type} from ${at} admitted but not committed`);
          // Who sees it: the publisher's node and above; below too when it flows down; the addressee or sender.
          const from = places[at].jurisdiction;
          const extra =
            want.goes === 'to_addressee'
              ? (parentOf(from) ?? null)
              : want.goes === 'to_sender'
                ? places.owner.jurisdiction
                : want.goes === 'to_drilled'
                  ? places.below.jurisdiction
                  : null;
          for (const v of viewers) {
            const should =
              v === from ||
              ancestorsOf(from).includes(v) ||
              (want.goes === 'down' && isWithin(v, from)) ||
              v === extra;
            expect(visibleTo(v, stored.route), `${type} from ${at} seen at ${v}`).toBe(should);
          }
        }
        expect(admitted.sort()).toEqual([...want.may].sort());
      });
    }

    it('a report is addressed only to a station on the sender’s chain of superiors', () => {
      const stream = `report:${newId()}`;
      expect(publish('owner', { type: 'report.drafted', stream, payload: {} }).result?.ok).toBe(true);
      for (const addressedTo of ['500111', '51', '500110101', '500110']) {
        const { result } = publish('owner', { type: 'report.sent', stream, payload: { addressedTo } });
        expect(result?.ok ? 'admitted' : result?.errors[0]?.field, addressedTo).toBe('payload.addressedTo');
      }
      // Levels may be skipped (Reg. 493 art. 10): the province is on the chain.
      expect(
        publish('owner', { type: 'report.sent', stream, payload: { addressedTo: '50' } }).result?.ok,
      ).toBe(true);
      // The province acknowledges; the city, which was not sent this one, may not.
      expect(publish('superior', { type: 'report.received', stream, payload: {} }).result?.ok).toBe(false);
    });

    it('a receipt recorded by hand is admitted only from the sender, for a report sent to an external unit', () => {
      const manual = { receiverName: '王伟', receivedAt: '2026-12-07T02:00:00.000Z', source: 'manual' };
      // Forged: the report went to the city's Duty Room station, so only the city acknowledges it.
      const toStation = `report:${newId()}`;
      expect(publish('owner', { type: 'report.drafted', stream: toStation, payload: {} }).result?.ok).toBe(
        true,
      );
      expect(
        publish('owner', { type: 'report.sent', stream: toStation, payload: { addressedTo: '5001' } }).result
          ?.ok,
      ).toBe(true);
      const forged = publish('owner', {
        type: 'report.receipt_recorded',
        stream: toStation,
        payload: manual,
      });
      expect(forged.result?.ok ? 'admitted' : forged.result?.errors[0]?.detail).toMatch(/Duty Room station/);
      expect(store.eventsOfStation(places.owner.station).some((e) => e.id === forged.event.id)).toBe(false);
      // Nothing sent yet: nothing to acknowledge.
      const unsent = `report:${newId()}`;
      expect(publish('owner', { type: 'report.drafted', stream: unsent, payload: {} }).result?.ok).toBe(true);
      const early = publish('owner', { type: 'report.receipt_recorded', stream: unsent, payload: manual });
      expect(early.result?.ok ? 'admitted' : early.result?.errors[0]?.detail).toMatch(/no report sent/);
      // Sent to an external unit: the sender records the receipt; the city (a Duty Room station) may not.
      const external = `report:${newId()}`;
      expect(publish('owner', { type: 'report.drafted', stream: external, payload: {} }).result?.ok).toBe(
        true,
      );
      expect(
        publish('owner', { type: 'report.sent', stream: external, payload: externalSend }).result?.ok,
      ).toBe(true);
      const byCity = publish('superior', {
        type: 'report.receipt_recorded',
        stream: external,
        payload: manual,
      });
      expect(byCity.result?.ok ? 'admitted' : byCity.result?.errors[0]?.code).toBe('NOT_AUTHORISED');
      expect(
        publish('owner', { type: 'report.receipt_recorded', stream: external, payload: manual }).result?.ok,
      ).toBe(true);
      // Sent again, to the city's station this time: that send is acknowledged by the city, not by hand.
      expect(
        publish('owner', { type: 'report.sent', stream: external, payload: { addressedTo: '5001' } }).result
          ?.ok,
      ).toBe(true);
      expect(
        publish('owner', { type: 'report.receipt_recorded', stream: external, payload: manual }).result?.ok,
      ).toBe(false);
    });

    it('a receipt needs a report sent to the receiver: none on a stream nobody sent', () => {
      const { result } = publish('superior', {
        type: 'report.received',
        stream: `report:${newId()}`,
        payload: {},
      });
      expect(result?.ok ? 'admitted' : result?.errors[0]?.detail).toMatch(/no report sent/);
    });

    it('warnings go down: areas and recipients outside the issuer are refused', () => {
      const outside = publish('owner', {
        type: 'warning.issued',
        stream: `warning:${newId()}`,
        payload: { warning: { areas: ['500110', '500111001'], recipients: [] } },
      });
      expect(outside.result?.ok ? 'admitted' : outside.result?.errors[0]?.field).toBe(
        'payload.warning.areas.1',
      );
      const stream = `warning:${newId()}`;
      expect(
        publish('owner', { type: 'warning.issued', stream, payload: payloadFor('warning.issued', 'owner') })
          .result?.ok,
      ).toBe(true);
      const more = publish('owner', {
        type: 'warning.recipients_added',
        stream,
        payload: { recipients: [{ id: 'x', jurisdiction: '5001' }] },
      });
      expect(more.result?.ok).toBe(false);
      // The township records the answer of its own grid person only, not the district's.
      const notTheirs = publish('below', {
        type: 'warning.acknowledged',
        stream,
        payload: { recipientId: 'grid-owner' },
      });
      expect(notTheirs.result?.ok ? 'admitted' : notTheirs.result?.errors[0]?.field).toBe(
        'payload.recipientId',
      );
      const unknown = publish('below', {
        type: 'warning.acknowledged',
        stream,
        payload: { recipientId: 'nobody' },
      });
      expect(unknown.result?.ok).toBe(false);
    });

    it('a station’s own records may share an id with another station’s, and stay each its own', () => {
      const stream = `team:rescue-${newId()}`;
      expect(publish('owner', { type: 'team.registered', stream, payload: {} }).result?.ok).toBe(true);
      expect(publish('sibling', { type: 'team.status_changed', stream, payload: {} }).result?.ok).toBe(false);
      expect(publish('sibling', { type: 'team.registered', stream, payload: {} }).result?.ok).toBe(true);
      expect(publish('sibling', { type: 'team.status_changed', stream, payload: {} }).result?.ok).toBe(true);
      // A wall is configured only on the station's own stream.
      expect(
        publish('sibling', {
          type: 'display.wall_configured',
          stream: `display:${places.sibling.station}`,
          payload: {},
        }).result?.ok,
      ).toBe(true);
      expect(
        publish('sibling', {
          type: 'display.wall_configured',
          stream: `display:${places.owner.station}`,
          payload: {},
        }).result?.ok,
      ).toBe(false);
      // A delegation of signing likewise: a station records only its own.
      expect(
        publish('sibling', {
          type: 'delegation.recorded',
          stream: `delegation:${places.owner.station}`,
          payload: {},
        }).result?.ok,
      ).toBe(false);
      // And a record of who set whose sign-in: only on the station's own credential stream.
      expect(
        publish('sibling', {
          type: 'credential.revoked',
          stream: `credential:${places.owner.station}`,
          payload: {},
        }).result?.ok,
      ).toBe(false);
      expect(
        publish('sibling', {
          type: 'credential.reset',
          stream: `credential:${places.sibling.station}`,
          payload: {},
        }).result?.ok,
      ).toBe(true);
    });

    it('an event on a stream created by nobody the hub knows is its publisher’s own', () => {
      const stream = `incident:${newId()}`;
      expect(publish('sibling', { type: 'incident.response_started', stream, payload: {} }).result?.ok).toBe(
        true,
      );
      expect(publish('sibling', { type: 'incident.closed', stream, payload: {} }).result?.ok).toBe(true);
    });

    it('a refused event keeps the station’s later events of the same batch out, and no one else’s', () => {
      const victim = `incident:${newId()}`;
      expect(publish('owner', { type: 'incident.registered', stream: victim, payload: {} }).result?.ok).toBe(
        true,
      );
      const tail = tailOf(places.sibling.station);
      const batch = sealEvents(
        [
          { type: 'incident.closed', stream: victim, payload: {} },
          { type: 'incident.registered', stream: `incident:${newId()}`, payload: {} },
        ] as unknown as EventDraft[],
        {
          ...places.sibling,
          actor: { id: 'officer-1' },
          now: '2026-12-07T02:00:00.000Z',
          lastStationSeq: tail.seq,
          lastHash: tail.hash,
          newId: () => newId(),
        },
        nodeSha256,
      );
      const own = sealEvents(
        [
          { type: 'incident.registered', stream: `incident:${newId()}`, payload: {} },
        ] as unknown as EventDraft[],
        {
          ...places.elsewhere,
          actor: { id: 'officer-1' },
          now: '2026-12-07T02:00:00.000Z',
          lastStationSeq: tailOf(places.elsewhere.station).seq,
          lastHash: tailOf(places.elsewhere.station).hash,
          newId: () => newId(),
        },
        nodeSha256,
      );
      const before = store.count();
      const outcome = store.append([...batch, ...own], routeBy);
      expect(outcome.results.map((r) => (r.ok ? 'ok' : r.errors[0]?.code))).toEqual([
        'NOT_AUTHORISED',
        'OUT_OF_ORDER',
        'ok',
      ]);
      expect(store.count()).toBe(before + 1);
    });
  });
});
