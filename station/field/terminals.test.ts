import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { officer, registerIncidentCommand } from '../store/store.testing';
import { openTestStation, type TestStation } from '../api/api.testing';
import { newId } from '../../shared/ids';
import { FieldStatus, fieldCommandFor } from '../../shared/field/terminal';
import type { FieldView } from './terminals';

const team = (id: string, lon: number) => ({
  id,
  name: `救援队${id}`,
  kind: 'comprehensive',
  jurisdiction: '500101',
  headcount: 20,
  base: { lon, lat: 29.56 },
  leader: `队长${id}`,
});

async function run(client: TestStation['client'], type: string, payload: unknown) {
  const result = await client.execute({ id: newId(), type, actor: officer, payload } as never);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const fix = (lat: number, lon: number) => ({ lat, lon, accuracyM: 8, at: new Date().toISOString() });

let current: TestStation | null = null;
afterEach(() => {
  current?.close();
  current = null;
});

/** A station with an incident, two teams, an order for team A and one for team B, and a terminal for each. */
async function scene() {
  current = openTestStation();
  const { client, store } = current;
  const incident = registerIncidentCommand();
  await run(client, 'incident.register', incident.payload);
  await run(client, 'team.register', { team: team('a', 106.56) });
  await run(client, 'team.register', { team: team('b', 106.57) });
  const orderA = newId();
  const orderB = newId();
  await run(client, 'dispatch.issue', { dispatchId: orderA, teamId: 'a', incidentId: incident.payload.incidentId });
  await run(client, 'dispatch.issue', { dispatchId: orderB, teamId: 'b', incidentId: incident.payload.incidentId });
  const pairA = await client.pairTeamTerminal({ teamId: 'a', label: '队长手机' });
  const pairB = await client.pairTeamTerminal({ teamId: 'b', label: '队长手机' });
  if (!pairA.ok || !pairB.ok) throw new Error('pairing failed');
  return { ...current, store, orderA, orderB, tokenA: pairA.value.token, tokenB: pairB.value.token, pairA: pairA.value };
}

describe('team terminals: the token store', () => {
  it('keeps only the token’s hash, names the team and who paired it, and refuses a revoked token from then on', async () => {
    const { client, store, api, tokenA, pairA } = await scene();
    expect(pairA.path).toBe(`/field/#t=${tokenA}`);
    expect(tokenA.length).toBeGreaterThanOrEqual(32);
    // Nothing the station keeps holds the token itself.
    const rows = store.teamTerminals.all();
    expect(JSON.stringify(rows)).not.toContain(tokenA);
    expect(store.teamTerminals.byToken(sha256(tokenA))?.teamId).toBe('a');
    const listed = await client.teamTerminals({});
    expect(listed.ok && listed.value.find((t) => t.id === pairA.terminalId)).toMatchObject({
      team: { id: 'a', name: '救援队a' },
      label: '队长手机',
      createdBy: officer.name ?? officer.id,
      revokedAt: null,
    });
    expect(api.field.view(tokenA).ok).toBe(true);

    expect((await client.revokeTeamTerminal({ terminalId: pairA.terminalId })).ok).toBe(true);
    const view = api.field.view(tokenA);
    expect(view.ok || view.errors[0]?.code).toBe('NOT_AUTHENTICATED');
    const again = await client.revokeTeamTerminal({ terminalId: pairA.terminalId });
    expect(again.ok || again.errors[0]?.code).toBe('INVALID_TRANSITION');
    // Revoked terminals stay on record, with who revoked them and when.
    const after = await client.teamTerminals({});
    const revoked = after.ok ? after.value.find((t) => t.id === pairA.terminalId) : undefined;
    expect(revoked?.revokedAt).toBeTruthy();
    expect(revoked?.revokedBy).toBe(officer.name ?? officer.id);
  });

  it('pairs only a team this station holds', async () => {
    const { client } = await scene();
    const r = await client.pairTeamTerminal({ teamId: 'nobody', label: '手机' });
    expect(r.ok || r.errors[0]?.code).toBe('NOT_FOUND');
  });

  it('refuses an unknown or empty token for every call', async () => {
    const { api, orderA } = await scene();
    for (const token of ['', 'x'.repeat(32), undefined]) {
      const status = api.field.status(token, { id: newId(), dispatchId: orderA, step: 'acknowledge' });
      expect(status.ok || status.errors[0]?.code).toBe('NOT_AUTHENTICATED');
      const watched = api.field.watch(token, () => {});
      expect(watched.ok || watched.errors[0]?.code).toBe('NOT_AUTHENTICATED');
    }
  });
});

describe('team terminals: taps through the one command path', () => {
  it('接令 出发 到场 处置中 返回 move the order and the team, in the team’s name, from the terminal, with its position', async () => {
    const { api, store, orderA, tokenA } = await scene();
    const teamA = () => store.teams().find((t) => t.id === 'a');
    const order = () => store.dispatchOrders().find((o) => o.id === orderA);
    const tap = (step: string, at?: ReturnType<typeof fix>) => {
      const r = api.field.status(tokenA, { id: newId(), dispatchId: orderA, step, ...(at ? { fix: at, fixId: newId() } : {}) });
      if (!r.ok) throw new Error(JSON.stringify(r.errors));
      return r.value;
    };

    tap('acknowledge');
    expect(order()?.status).toBe('acknowledged');
    expect(teamA()?.status).toBe('en_route');
    expect(order()?.lastRecord).toMatchObject({ by: '救援队a（队长a）', source: 'terminal' });
    tap('depart', fix(29.561, 106.558));
    expect(teamA()?.statusRecord).toMatchObject({ by: '救援队a（队长a）', source: 'terminal' });
    expect(teamA()?.position?.point).toEqual({ lat: 29.561, lon: 106.558 });
    const arrived = tap('arrive', fix(29.56, 106.55));
    expect(order()?.status).toBe('arrived');
    expect(teamA()?.status).toBe('on_scene');
    expect(arrived.view.team.status).toBe('on_scene');
    tap('working');
    expect(teamA()?.status).toBe('working');
    tap('return');
    expect(order()?.status).toBe('completed');
    expect(teamA()?.status).toBe('returning');
    // Every event the taps made is the team's, not the station's or a console person's.
    const events = store.streamEvents(`dispatch:${orderA}`).filter((e) => e.type !== 'dispatch.issued');
    expect(events.map((e) => e.actor.id)).toEqual(['team:a', 'team:a', 'team:a']);
  });

  it('answers a resent tap (same id) without doing it twice', async () => {
    const { api, store, orderA, tokenA } = await scene();
    const tap = { id: newId(), dispatchId: orderA, step: 'arrive', fix: fix(29.56, 106.55), fixId: newId() };
    const first = api.field.status(tokenA, tap);
    expect(first.ok && first.value.duplicate).toBe(false);
    const count = store.streamEvents('team:a').length;
    const second = api.field.status(tokenA, tap);
    expect(second.ok && second.value.duplicate).toBe(true);
    expect(store.streamEvents('team:a').length).toBe(count);
  });

  it('a terminal for team A cannot act for team B', async () => {
    const { api, store, orderB, tokenA, tokenB } = await scene();
    const before = store.streamEvents(`dispatch:${orderB}`).length;
    const r = api.field.status(tokenA, { id: newId(), dispatchId: orderB, step: 'acknowledge' });
    expect(r.ok || r.errors[0]?.code).toBe('NOT_FOUND');
    // A team id smuggled into the tap is not taken: the tap is strict.
    const smuggled = api.field.status(tokenA, { id: newId(), dispatchId: orderB, step: 'acknowledge', teamId: 'b' });
    expect(smuggled.ok || smuggled.errors[0]?.code).toBe('INVALID_FIELD');
    expect(store.streamEvents(`dispatch:${orderB}`).length).toBe(before);
    // A tap id team B used is not team A's to replay.
    const tapB = { id: newId(), dispatchId: orderB, step: 'acknowledge' };
    expect(api.field.status(tokenB, tapB).ok).toBe(true);
    const replay = api.field.status(tokenA, tapB);
    expect(replay.ok || replay.errors[0]?.code).toBe('ALREADY_EXISTS');
    // Team A's view lists only its own order.
    const view = api.field.view(tokenA);
    expect(view.ok && view.value.orders.map((o) => o.dispatchId)).not.toContain(orderB);
  });

  it('refuses a step the order’s state does not allow, and a revoked terminal’s tap', async () => {
    const { api, client, orderA, tokenA, pairA } = await scene();
    const early = api.field.status(tokenA, { id: newId(), dispatchId: orderA, step: 'return' });
    expect(early.ok || early.errors[0]).toMatchObject({ code: 'INVALID_TRANSITION', detail: 'issued' });
    await client.revokeTeamTerminal({ terminalId: pairA.terminalId });
    const late = api.field.status(tokenA, { id: newId(), dispatchId: orderA, step: 'acknowledge' });
    expect(late.ok || late.errors[0]?.code).toBe('NOT_AUTHENTICATED');
    const moved = api.field.position(tokenA, { id: newId(), fix: fix(29.5, 106.5) });
    expect(moved.ok || moved.errors[0]?.code).toBe('NOT_AUTHENTICATED');
  });

  it('a position on its own moves the team on the map', async () => {
    const { api, store, tokenA } = await scene();
    const r = api.field.position(tokenA, { id: newId(), fix: { ...fix(29.57, 106.6), speedKmh: 40, headingDeg: 90 } });
    expect(r.ok).toBe(true);
    expect(store.teams().find((t) => t.id === 'a')?.position).toMatchObject({
      point: { lat: 29.57, lon: 106.6 },
      speedKmh: 40,
      headingDeg: 90,
    });
  });
});

describe('team terminals: push', () => {
  it('sends the team’s view now, again when an order is issued for it, not for another team’s, and ends on revocation', async () => {
    const { api, client, store, tokenA, pairA } = await scene();
    const views: Array<FieldView | null> = [];
    const watched = api.field.watch(tokenA, (v) => views.push(v));
    expect(watched.ok).toBe(true);
    expect(views).toHaveLength(1);
    expect(views[0]?.orders).toHaveLength(1);
    const incidentId = store.dispatchOrders()[0].incidentId;
    await run(client, 'dispatch.issue', { dispatchId: newId(), teamId: 'b', incidentId });
    expect(views).toHaveLength(1);
    await run(client, 'dispatch.issue', { dispatchId: newId(), teamId: 'a', incidentId });
    expect(views).toHaveLength(2);
    expect(views[1]?.orders).toHaveLength(2);
    expect(views[1]?.orders[0]?.incident.title).toBeTruthy();
    await client.revokeTeamTerminal({ terminalId: pairA.terminalId });
    expect(views[views.length - 1]).toBeNull();
  });
});

describe('team terminals: validation at the boundary', () => {
  const good = { id: newId(), dispatchId: newId(), step: 'arrive' };
  it.each([
    ['no id', { dispatchId: good.dispatchId, step: 'arrive' }],
    ['an id that is no ULID', { ...good, id: 'not-a-ulid' }],
    ['an unknown step', { ...good, step: 'teleport' }],
    ['a team named by the phone', { ...good, teamId: 'b' }],
    ['a position without its id', { ...good, fix: fix(29.5, 106.5) }],
    ['a latitude off the globe', { ...good, fix: fix(91, 106.5), fixId: newId() }],
    ['a position time that is no instant', { ...good, fix: { lat: 29.5, lon: 106.5, at: 'yesterday' }, fixId: newId() }],
  ])('refuses %s', (_, raw) => {
    expect(FieldStatus.safeParse(raw).success).toBe(false);
  });
  it('accepts a tap with and without a position', () => {
    expect(FieldStatus.safeParse(good).success).toBe(true);
    expect(FieldStatus.safeParse({ ...good, fix: fix(29.5, 106.5), fixId: newId() }).success).toBe(true);
  });
  it('maps each step to its command only from the states that allow it', () => {
    const order = (status: 'issued' | 'acknowledged' | 'arrived' | 'completed' | 'cancelled') => ({ id: 'D', teamId: 'a', status });
    expect(fieldCommandFor('acknowledge', order('issued'))).toMatchObject({ ok: true, command: { type: 'dispatch.acknowledge' } });
    expect(fieldCommandFor('acknowledge', order('acknowledged'))).toEqual({ ok: false, state: 'acknowledged' });
    expect(fieldCommandFor('depart', order('issued'))).toMatchObject({ command: { type: 'dispatch.acknowledge' } });
    expect(fieldCommandFor('depart', order('acknowledged'))).toMatchObject({
      command: { type: 'team.change_status', payload: { status: 'en_route', source: 'terminal' } },
    });
    expect(fieldCommandFor('arrive', order('acknowledged'), { lat: 1, lon: 2 })).toMatchObject({
      command: { type: 'dispatch.arrive', payload: { point: { lat: 1, lon: 2 } } },
    });
    expect(fieldCommandFor('arrive', order('arrived'))).toEqual({ ok: false, state: 'arrived' });
    expect(fieldCommandFor('working', order('acknowledged'))).toEqual({ ok: false, state: 'acknowledged' });
    expect(fieldCommandFor('working', order('arrived'))).toMatchObject({ command: { payload: { status: 'working' } } });
    expect(fieldCommandFor('return', order('arrived'))).toMatchObject({ command: { type: 'dispatch.complete' } });
    expect(fieldCommandFor('return', order('cancelled'))).toEqual({ ok: false, state: 'cancelled' });
  });
});
