import { afterEach, describe, expect, it } from 'vitest';
import { officer, registerIncidentCommand } from '../store/store.testing';
import { openTestStation, type TestStation } from './api.testing';
import { newId } from '../../shared/ids';

const team = (id: string, base: { lon: number; lat: number }, extra: Record<string, unknown> = {}) => ({
  id,
  name: `救援队${id}`,
  kind: 'comprehensive',
  jurisdiction: '500101',
  headcount: 20,
  base,
  ...extra,
});

async function run(client: TestStation['client'], type: string, payload: unknown) {
  const result = await client.execute({ id: newId(), type, actor: officer, payload } as never);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

let current: TestStation | null = null;
afterEach(() => {
  current?.close();
  current = null;
});

describe('dispatch through the station API', () => {
  it('ranks the teams that can go by estimated arrival, nearest first, and lists busy teams apart', async () => {
    current = openTestStation();
    const { client } = current;
    const incident = registerIncidentCommand();
    await run(client, 'incident.register', incident.payload);
    // The incident is at 106.55, 29.56: "near" is about 1 km away, "far" about 20 km.
    await run(client, 'team.register', { team: team('far', { lon: 106.75, lat: 29.56 }) });
    await run(client, 'team.register', { team: team('near', { lon: 106.56, lat: 29.56 }) });
    await run(client, 'team.register', { team: team('busy', { lon: 106.55, lat: 29.56 }) });
    await run(client, 'team.change_status', { teamId: 'busy', status: 'working' });

    const ranking = await client.rankTeams({ incidentId: incident.payload.incidentId });
    expect(ranking.ok).toBe(true);
    if (!ranking.ok) return;
    expect(ranking.value.ranked.map((r) => r.team.id)).toEqual(['near', 'far']);
    const [near, far] = ranking.value.ranked;
    expect(near.etaMinutes).toBeLessThan(far.etaMinutes);
    expect(ranking.value.unavailable).toEqual([{ teamId: 'busy', status: 'working' }]);
  });

  it('refuses to rank for an incident the station does not hold', async () => {
    current = openTestStation();
    const ranking = await current.client.rankTeams({ incidentId: newId() });
    expect(ranking.ok).toBe(false);
    if (!ranking.ok) expect(ranking.errors[0]?.code).toBe('NOT_FOUND');
  });

  it('team status follows its order: 出动 on acknowledgement, 到场 on arrival, 返回 on completion', async () => {
    current = openTestStation();
    const { client, store, bugs } = current;
    const incident = registerIncidentCommand();
    const incidentId = incident.payload.incidentId;
    await run(client, 'incident.register', incident.payload);
    await run(client, 'team.register', { team: team('rescue-1', { lon: 106.56, lat: 29.56 }) });
    const statusOf = () => store.teams().find((t) => t.id === 'rescue-1')?.status;

    const dispatchId = newId();
    await run(client, 'dispatch.issue', { dispatchId, teamId: 'rescue-1', incidentId });
    expect(statusOf()).toBe('standby');
    await run(client, 'dispatch.acknowledge', { dispatchId });
    expect(statusOf()).toBe('en_route');
    // A team on its way is not offered for another order.
    const ranking = await client.rankTeams({ incidentId });
    expect(ranking.ok && ranking.value.unavailable).toEqual([{ teamId: 'rescue-1', status: 'en_route' }]);
    await run(client, 'dispatch.arrive', { dispatchId });
    expect(statusOf()).toBe('on_scene');
    await run(client, 'dispatch.complete', { dispatchId });
    expect(statusOf()).toBe('returning');
    expect(store.dispatchOrders().find((o) => o.id === dispatchId)?.status).toBe('completed');
    expect(bugs).toEqual([]);
  });

  it('leaves the status of a team another station holds to that station', async () => {
    current = openTestStation();
    const { client, store } = current;
    const incident = registerIncidentCommand();
    await run(client, 'incident.register', incident.payload);
    await run(client, 'team.register', { team: team('city-1', { lon: 106.56, lat: 29.56 }, { jurisdiction: '5001' }) });
    const dispatchId = newId();
    await run(client, 'dispatch.issue', { dispatchId, teamId: 'city-1', incidentId: incident.payload.incidentId });
    await run(client, 'dispatch.acknowledge', { dispatchId });
    expect(store.teams().find((t) => t.id === 'city-1')?.status).toBe('standby');
  });
});
