import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newId } from '../shared/ids';
import { visibleTo } from '../shared/sync/routing';
import { openSqliteHubStore } from './sqlite-store';
import type { HubEventStore } from './store';
import { hubPublisher } from './testing';

/**
 * The hub keeps drill records apart even from a station that skips its own decider (decision 0024): a
 * forged drill tag, a drill report sent past the organiser and an inject to a station outside the
 * organiser are refused; an inject is seen by its one drilled room; a real report goes up as usual.
 */
const places = {
  province: { station: 'province-50', jurisdiction: '50' },
  city: { station: 'city-5001', jurisdiction: '5001' },
  district: { station: 'district-500110', jurisdiction: '500110' },
  sibling: { station: 'district-500111', jurisdiction: '500111' },
} as const;

let dir: string;
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

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'duty-drill-hub-'));
  store = openSqliteHubStore(join(dir, 'hub.sqlite'));
  reset();
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
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
      publish('city', { type: 'drill.started', stream: `drill:${drillId}`, payload: { drilled: ['500110'] } })
        .ok,
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
    publish('city', { type: 'drill.started', stream: `drill:${drillId}`, payload: { drilled: ['500110'] } });
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
      publish('district', { type: 'report.sent', stream: drillReport, payload: { addressedTo: '5001' } }).ok,
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
    publish('city', { type: 'drill.started', stream: `drill:${drillId}`, payload: { drilled: ['500110'] } });
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
    const past = publish('district', { type: 'report.sent', stream: second, payload: { addressedTo: '50' } });
    expect(past.ok).toBe(false);
    expect(past.errors[0]?.detail).toContain('organiser 5001');
    expect(
      publish('district', { type: 'report.sent', stream: second, payload: { addressedTo: '5001' } }).ok,
    ).toBe(true);
  });
});
