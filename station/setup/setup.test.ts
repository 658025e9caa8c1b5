import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SiteSetupInput } from '../../shared/api/setup-calls';
import { startEmbeddedHub, type EmbeddedHub } from '../host/embedded-hub';
import { parseStationArgs, startStationServices, type StationServices } from '../host/services';
import { setupHandlers } from './handlers';
import { completeSetup } from './launch';
import { readSiteConfig } from './site';

/*
 * 首次设置 at the station: a site that joins a hub (its token in a file) with a chosen rule profile, saved and
 * started through the launcher's path; and what is refused before anything is saved.
 */

let root = '';
let hub: EmbeddedHub | null = null;
let services: StationServices | null = null;
afterEach(async () => {
  await services?.close();
  services = null;
  await hub?.close();
  hub = null;
  if (root) rmSync(root, { recursive: true, force: true });
  root = '';
});

const admin = { name: '李华', secret: '246810', dutyRole: 'leader' as const };

function handlers(dataDir: string) {
  return setupHandlers({
    dataDir,
    apply: async (_site, input) => {
      services = await startStationServices(parseStationArgs(['--data', dataDir, '--browser']), () => {});
      return completeSetup(services, input);
    },
  });
}

describe('首次设置: the set-up call', () => {
  it('a county that joins a hub with its token file and the Henan profile: saved, started linked, the same next start', async () => {
    root = mkdtempSync(join(tmpdir(), 'dutyroom-setup-hub-'));
    hub = await startEmbeddedHub({ dataDir: join(root, 'hub'), simulate: false });
    const tokenFile = join(root, 'county.token');
    writeFileSync(tokenFile, await hub.issue('station-410102', '410102'), { mode: 0o600 });
    const dataDir = join(root, 'data');
    const input: SiteSetupInput = {
      jurisdiction: '410102',
      ruleProfile: 'henan',
      hub: { url: hub.url, tokenFile },
      directories: {},
      admin,
    };
    const done = await handlers(dataDir).setupSite(input);
    expect(done).toMatchObject({ ok: true, value: { jurisdiction: '410102', name: '河南省郑州市中原区应急值守' } });
    const site = readSiteConfig(dataDir);
    expect(site).toMatchObject({ hub: { url: hub.url, tokenFile }, ruleProfile: 'henan', stationId: 'station-410102' });
    // Joined the given hub (no embedded one), and runs the chosen profile.
    expect(services?.hub).toBeNull();
    expect(services?.station.sync).not.toBeNull();
    await expect.poll(() => services?.station.sync?.state().status, { timeout: 15_000 }).toBe('online');
    const snap = await services!.station.api.dispatch({ method: 'snapshot', input: {} });
    expect(snap.ok && (snap.value as { station: { ruleProfile?: { id: string } } }).station.ruleProfile?.id).toBe('henan');
    expect(parseStationArgs(['--data', dataDir])).toMatchObject({
      jurisdiction: '410102',
      hub: hub.url,
      tokenFile,
      ruleProfile: 'henan',
      standalone: false,
    });
  });

  it('refuses an unknown code, an unknown profile and a file that is no CA for a plain hub, each by field, and saves nothing', async () => {
    root = mkdtempSync(join(tmpdir(), 'dutyroom-setup-bad-'));
    const tokenFile = join(root, 'token');
    writeFileSync(tokenFile, 'x'.repeat(40));
    const dataDir = join(root, 'data');
    const refused = await handlers(dataDir).setupSite({
      jurisdiction: '999999',
      ruleProfile: 'nowhere',
      hub: { url: 'http://127.0.0.1:9', tokenFile, caFile: tokenFile },
      directories: {},
      admin,
    });
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.errors.map((e) => e.field).sort()).toEqual([
      'input.hub.caFile', // not a CA certificate
      'input.hub.caFile', // and a CA is for an https hub
      'input.jurisdiction',
      'input.ruleProfile',
    ]);
    expect(readSiteConfig(dataDir)).toBeNull();
    expect(services).toBeNull();
  });

  it('a start that fails leaves no site behind', async () => {
    root = mkdtempSync(join(tmpdir(), 'dutyroom-setup-fail-'));
    const dataDir = join(root, 'data');
    const failing = setupHandlers({
      dataDir,
      apply: async () => {
        // What the launcher returns when the station cannot start as the site (start.ts).
        expect(readSiteConfig(dataDir)?.jurisdiction).toBe('500229');
        return { ok: false, errors: [{ code: 'INVALID_FIELD', field: 'setupSite', message: { zh: '无法启动', en: 'cannot start' } }] };
      },
    });
    const r = await failing.setupSite({ jurisdiction: '500229', ruleProfile: 'auto', hub: null, directories: {}, admin });
    expect(r.ok).toBe(false);
    expect(readSiteConfig(dataDir)).toBeNull();
    // The desktop app handed --setup does not quietly run the demo: it says where the first-run screen is.
    await expect(startStationServices(parseStationArgs(['--data', dataDir, '--setup']), () => {})).rejects.toThrow(
      /npm start -- --setup/,
    );
  });
});
