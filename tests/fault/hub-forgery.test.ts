import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { issueToken } from '../../hub/auth';
import { nodeSha256, startHub, type Hub } from '../../hub/server';
import { openSqliteHubStore } from '../../hub/sqlite-store';
import type { HubEventStore } from '../../hub/store';
import { newId } from '../../shared/ids';
import { eventPayloads, type EventType } from '../../shared/events/catalog';
import { sealEvents, type DomainEvent, type EventDraft } from '../../shared/events/envelope';
import type { PublishReply } from '../../shared/sync/protocol';
import { openStationStore, type StationStore } from '../../station/store/index';
import { startSyncClient, type SyncClient } from '../../station/sync/client';
import { draftReportCommand, leader, officer, registerIncidentCommand } from '../../station/store/store.testing';
import { connectOutcome, rawClient, tempDir, waitFor, type RawClient } from './helpers';
import type { ExternalUnit } from '../../shared/reports/external';

/**
 * Issue 17: a station holding a valid token published `report.sent` addressed to a sibling district and
 * to another province, and a forged `report.received` on a sibling's real report; the hub stored and
 * delivered all three. Here a real hub, two real stations (the victim district and its city, each its
 * own SQLite store and sync client) and the forger as a bare socket.io client with its own valid token,
 * sending hand-made, correctly sealed events: each forgery is refused with the reason, leaves no row in
 * the hub's log, and reaches no station.
 */
const key = new TextEncoder().encode('forgery-test-signing-key-0123456789-abcd');
const victim = { station: 'district-500110', jurisdiction: '500110' };
const city = { station: 'city-5001', jurisdiction: '5001' };
const forger = { station: 'district-500111', jurisdiction: '500111' };

let dir: ReturnType<typeof tempDir>;
let hubStore: HubEventStore;
let hub: Hub;
const stores: StationStore[] = [];
const links: SyncClient[] = [];
let raw: RawClient;
/** The city's real station, from the first case on (the second reads what reached it). */
let cityStation: Awaited<ReturnType<typeof station>> | undefined;

async function station(who: { station: string; jurisdiction: string }, externalUnits: ExternalUnit[] = []) {
  const store = openStationStore({ path: join(dir.path, `${who.station}.sqlite`), stationId: who.station, jurisdiction: who.jurisdiction, externalUnits });
  stores.push(store);
  const link = startSyncClient({ url: hub.url, token: (await issueToken(key, who)).token, store });
  links.push(link);
  return { store, link };
}

/** The forger's chain: hand-made events, sealed as a station would; the tail moves only when the hub admits. */
let tail = { seq: 0, hash: null as string | null };
function forge(type: EventType, stream: string, payload: unknown): DomainEvent {
  // In the schema's own normal form, so the hub's shape checks pass and only its meaning is judged.
  const normal = eventPayloads[type].parse(payload);
  const [e] = sealEvents([{ type, stream, payload: normal } as EventDraft], {
    ...forger,
    actor: { id: 'officer-x', role: 'leader' },
    now: new Date().toISOString(),
    lastStationSeq: tail.seq,
    lastHash: tail.hash,
    newId: () => newId(),
  }, nodeSha256);
  if (!e) throw new Error('nothing sealed');
  return e;
}
async function publish(e: DomainEvent): Promise<PublishReply> {
  const reply: PublishReply = await raw.emitWithAck('publish', [e]);
  if (reply.ok && reply.acks.length === 1) tail = { seq: e.stationSeq, hash: e.hash };
  return reply;
}

beforeAll(async () => {
  dir = tempDir('hub-forgery');
  hubStore = openSqliteHubStore(join(dir.path, 'hub.sqlite'));
  hub = await startHub({ store: hubStore, key });
});

afterAll(async () => {
  raw?.disconnect();
  for (const l of links) l.stop();
  for (const s of stores) s.close();
  await hub.close();
  hubStore.close();
  dir.remove();
});

describe('the hub refuses what a station may not say', () => {
  it('report.sent to a sibling or another province, and a receipt forged on a sibling’s report: refused, no row anywhere', async () => {
    const district = await station(victim);
    const upper = await station(city);
    cityStation = upper;
    await waitFor('stations online', () => [district, upper].every((s) => s.link.state().status === 'online'));

    // The victim's real report, signed and sent to the city, as its duty room would.
    const register = registerIncidentCommand({ title: '东溪镇山体滑坡' });
    const incidentId = register.payload.incidentId;
    const reportId = newId();
    for (const [command, actor] of [
      [register, officer],
      [draftReportCommand(incidentId, reportId), officer],
      [{ id: newId(), type: 'report.submit', payload: { reportId } }, officer],
      [{ id: newId(), type: 'report.approve', payload: { reportId } }, leader],
      [{ id: newId(), type: 'report.send', payload: { reportId, addressedTo: city.jurisdiction } }, officer],
    ] as const) {
      const r = district.store.execute(command, actor);
      expect(r.ok ? [] : r.errors).toEqual([]);
    }
    await waitFor('the city to hold the report', () => upper.store.report(reportId)?.status === 'sent');
    const reportStream = `report:${reportId}`;

    // The forger: a sibling district with its own valid token.
    raw = rawClient(hub.url, (await issueToken(key, forger)).token);
    expect(await connectOutcome(raw)).toEqual({ connected: true });
    // Its own incident and report draft are its own business: admitted.
    const ownIncident = registerIncidentCommand({ title: '伪造' });
    const ownReport = `report:${newId()}`;
    const own = [
      () => forge('incident.registered', `incident:${ownIncident.payload.incidentId}`, { facts: ownIncident.payload.facts }),
      () => forge('report.drafted', ownReport, { ...draftReportCommand(ownIncident.payload.incidentId).payload, reportId: undefined }),
    ];
    for (const next of own) expect(await publish(next())).toMatchObject({ ok: true, rejected: [] });
    const admitted = hubStore.count();

    const forgeries = {
      toSibling: forge('report.sent', ownReport, { addressedTo: victim.jurisdiction }),
      toAnotherProvince: forge('report.sent', ownReport, { addressedTo: '51' }),
      receiptOnSiblingReport: forge('report.received', reportStream, { receivedBy: 'officer-x' }),
    };
    const reasons: Record<string, string | undefined> = {};
    for (const [name, e] of Object.entries(forgeries)) {
      const reply = await publish(e);
      expect(reply.ok, name).toBe(true);
      if (!reply.ok) continue;
      expect(reply.acks, name).toEqual([]);
      expect(reply.rejected[0]?.id, name).toBe(e.id);
      expect(reply.rejected[0]?.errors[0]?.code, name).toBe('NOT_AUTHORISED');
      reasons[name] = reply.rejected[0]?.errors[0]?.detail;
    }
    // A clear reason for each, naming what was wrong.
    expect(reasons.toSibling).toMatch(/500110 is not on the chain of superiors of 500111/);
    expect(reasons.toAnotherProvince).toMatch(/51 is not on the chain of superiors of 500111/);
    expect(reasons.receiptOnSiblingReport).toMatch(/was not sent to 500111: only its addressee acknowledges it/);

    // No row in the hub's log: none of the three, nothing on the victim's report from the forger.
    expect(hubStore.count()).toBe(admitted);
    const forgedIds = new Set(Object.values(forgeries).map((e) => e.id));
    expect(hubStore.eventsOfStation(forger.station).map((e) => e.type)).toEqual(['incident.registered', 'report.drafted']);
    expect(hubStore.streamEvents(reportStream, 'report.received')).toEqual([]);

    // Delivered to nobody: let both stations catch up with everything the hub holds, then look.
    const head = hubStore.head();
    await waitFor('stations caught up', () =>
      [district, upper].every((s) => s.link.state().status === 'online' && s.store.pullCursor() >= head),
    );
    const everything = (s: StationStore) => [
      ...s.streamEvents(reportStream),
      ...s.streamEvents(ownReport),
    ];
    for (const s of [district.store, upper.store]) {
      expect(everything(s).filter((e) => forgedIds.has(e.id))).toEqual([]);
      expect(everything(s).filter((e) => e.station === forger.station && (e.type === 'report.sent' || e.type === 'report.received'))).toEqual([]);
    }
    // The victim's report is still only sent: not shown 已接收.
    expect(district.store.report(reportId)?.status).toBe('sent');
    // The city, a superior of the forger, holds its admitted draft — and no send of it.
    expect(upper.store.report(ownReport.slice('report:'.length))?.status).toBe('draft');

    // The real addressee acknowledges: that receipt is admitted and reaches the sender.
    const ack = upper.store.execute({ id: newId(), type: 'report.acknowledge', payload: { reportId } }, officer);
    expect(ack.ok ? [] : ack.errors).toEqual([]);
    await waitFor('the victim to see the real receipt', () => district.store.report(reportId)?.status === 'received');
    expect(district.store.report(reportId)?.receivedBy).toBe(officer.id);
  });

  it('a receipt recorded by hand (人工回执) for a Duty Room addressee or on another station’s report: refused; for an external one, admitted', async () => {
    // Issue 19: a real county reporting by phone to a province outside Duty Room records the receipt itself.
    const province: ExternalUnit = { id: 'province-office', name: '某省应急管理厅值班室', level: 'province', jurisdiction: '50', contacts: [] };
    const county = await station({ station: 'county-500112', jurisdiction: '500112' }, [province]);
    const upper = cityStation;
    if (!upper) throw new Error('the first case starts the city');
    await waitFor('county online', () => county.link.state().status === 'online');
    const register = registerIncidentCommand({ title: '南川区洪涝' });
    const reportId = newId();
    for (const [command, actor] of [
      [register, officer],
      [draftReportCommand(register.payload.incidentId, reportId), officer],
      [{ id: newId(), type: 'report.submit', payload: { reportId } }, officer],
      [{ id: newId(), type: 'report.approve', payload: { reportId } }, leader],
      [{ id: newId(), type: 'report.send', payload: { reportId, addressedTo: '50', external: { unitId: 'province-office', via: 'phone' } } }, officer],
    ] as const) {
      const r = county.store.execute(command, actor);
      expect(r.ok ? [] : r.errors).toEqual([]);
    }
    const receivedAt = county.store.report(reportId)?.sentAt ?? '';
    const receipt = county.store.execute({ id: newId(), type: 'report.record_receipt', payload: { reportId, receiverName: '王伟', receivedAt } }, officer);
    expect(receipt.ok ? [] : receipt.errors).toEqual([]);
    // Admitted by the hub and seen above the county: the city holds the report as received, by hand.
    await waitFor('the city to hold the receipt', () => upper.store.report(reportId)?.status === 'received');
    expect(upper.store.report(reportId)?.receipt).toEqual({ receiverName: '王伟', source: 'manual' });
    expect(county.link.state().lastError ?? null).toBeNull();

    // The forger's own report, sent to its city, a Duty Room station: it may not record the city's receipt.
    const ownIncident = registerIncidentCommand({ title: '伪造回执' });
    const ownReport = `report:${newId()}`;
    for (const next of [
      () => forge('incident.registered', `incident:${ownIncident.payload.incidentId}`, { facts: ownIncident.payload.facts }),
      () => forge('report.drafted', ownReport, { ...draftReportCommand(ownIncident.payload.incidentId).payload, reportId: undefined }),
      () => forge('report.sent', ownReport, { addressedTo: city.jurisdiction }),
    ])
      expect(await publish(next())).toMatchObject({ ok: true, rejected: [] });
    const admitted = hubStore.count();
    const manual = { receiverName: '假冒', receivedAt: new Date().toISOString(), source: 'manual' };
    const forgeries = {
      forDutyRoomAddressee: forge('report.receipt_recorded', ownReport, manual),
      onTheCountysReport: forge('report.receipt_recorded', `report:${reportId}`, manual),
    };
    const reasons: Record<string, string | undefined> = {};
    for (const [name, e] of Object.entries(forgeries)) {
      const reply = await publish(e);
      if (!reply.ok) throw new Error(`${name}: ${JSON.stringify(reply)}`);
      expect(reply.acks, name).toEqual([]);
      expect(reply.rejected[0]?.errors[0]?.code, name).toBe('NOT_AUTHORISED');
      reasons[name] = reply.rejected[0]?.errors[0]?.detail;
    }
    expect(reasons.forDutyRoomAddressee).toMatch(/a Duty Room station: only it acknowledges the report/);
    expect(reasons.onTheCountysReport).toMatch(/belongs to 500112: only its sender records a receipt/);
    expect(hubStore.count()).toBe(admitted);
    expect(hubStore.streamEvents(ownReport, 'report.receipt_recorded')).toEqual([]);
    expect(hubStore.streamEvents(`report:${reportId}`, 'report.receipt_recorded').map((e) => e.station)).toEqual(['county-500112']);
    // The city never shows the forger's report as received.
    const head = hubStore.head();
    await waitFor('city caught up', () => upper.store.pullCursor() >= head);
    expect(upper.store.report(ownReport.slice('report:'.length))?.status).toBe('sent');
  });
});
