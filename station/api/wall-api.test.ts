import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { StationPush } from '../../shared/api/contract';
import { officer } from '../store/store.testing';
import { openTestStation } from './api.testing';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

/** The station in `dir`, which outlives it so the test can restart the station there. */
const open = (dir: string) =>
  openTestStation({
    dir,
    stationId: 'district-500110',
    jurisdiction: '500110',
    name: '万盛',
    onDuty: { leader: null, officers: [] },
  });

describe('the wall display is set from the console, through the station', () => {
  it('a setting is recorded, pushed to every window, and still in force after a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dutyroom-wall-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const first = open(dir);
    expect(await first.client.wallSettings({})).toEqual({
      ok: true,
      value: { panes: ['incidents', 'clocks', 'teams'], intervalS: 20 },
    });
    const pushes: StationPush[] = [];
    first.client.subscribe((p) => pushes.push(p));
    const settings = { panes: ['warnings', 'incidents'], intervalS: 45 };
    const done = await first.client.configureWall({ settings });
    expect(done.ok).toBe(true);
    const pushed = pushes.flatMap((p) => (p.kind === 'changes' ? p.events : []));
    expect(pushed).toEqual([
      expect.objectContaining({
        type: 'display.wall_configured',
        stream: 'display:district-500110',
        payload: settings,
        // Set by the person at this console: the station stamps its operator.
        actor: officer,
      }),
    ]);
    // On record with the rest of the log: the outbox carries it, and a restarted station still shows it.
    expect(first.store.outboxDepth()).toBe(1);
    first.close();
    const second = open(dir);
    cleanups.push(second.close);
    expect(await second.client.wallSettings({})).toEqual({ ok: true, value: settings });
  });
  it('refuses a setting the wall could not follow, naming the field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dutyroom-wall-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const station = open(dir);
    cleanups.push(station.close);
    const refused = await station.client.configureWall({ settings: { panes: [], intervalS: 1 } });
    expect(refused.ok).toBe(false);
    expect(await station.client.wallSettings({})).toMatchObject({ ok: true, value: { intervalS: 20 } });
  });
});
