import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { startGatewayStub, type GatewayStub } from './gateway';
import {
  browserSuitesSkippedByRequest,
  buildRendererOnce,
  freePort,
  issueToken,
  launchChromium,
  requireChromium,
  demoPerson,
  signIn,
  TEST_PIN,
  runScript,
  type Running,
} from './harness';

/**
 * What every browser-mode end-to-end file sets up the same way: a work folder, Debian's Chromium, a hub,
 * stations serving the console, and the console opened once its link is up. Each file keeps only its story.
 */

/**
 * How long a change may take to show on a page. The scenarios prove that it shows (live, without a reload),
 * not how fast: every wait ends as soon as what must show is there, and this limit only decides when a
 * missing thing is a failure. A loaded 2-core machine runs a scenario several times slower than an idle one;
 * speed is the benchmarks' (tests/bench). The same figure is the e2e project's expect.poll default
 * (vitest.config.ts), so a wait in a scenario names no limit of its own.
 */
export const SHOWS_WITHIN = 120_000;

/**
 * How long one scenario may take in all (its it() limit): a scenario is tens of such waits, and on a loaded
 * machine it takes minutes; past this it is stuck, not slow.
 */
export const SCENARIO_LIMIT = 15 * 60_000;

/**
 * A browser suite's describe(): where Chromium is missing its setup fails with the install command (the rig's
 * beforeAll); only DUTYROOM_SKIP_BROWSER_SUITES=1 skips it, and the file says so.
 */
export const describeBrowserSuite: ReturnType<typeof describe.skipIf> = describe.skipIf(browserSuitesSkippedByRequest);
if (browserSuitesSkippedByRequest)
  console.warn('BROWSER SUITE SKIPPED BY REQUEST (DUTYROOM_SKIP_BROWSER_SUITES=1): this file tested nothing');

/** The line a station prints once it serves the console in browser mode; group 1 is the console's address. */
export const BROWSER_MODE_URL = /Duty Room \(browser mode\): (http:\/\/127\.0\.0\.1:\d+\/)/;

/** The header's link state: 'online', 'offline'… */
export const linkStatus = (page: Page) => page.getByTestId('link-state').getAttribute('data-status');

export type Started = Running & {
  match: RegExpMatchArray;
  /** Who the rig signs in at this station's console: its --operator, a leader when --operator-role leader. */
  person?: { name: string; pin: string; role: 'leader' | 'officer' };
};

/**
 * The person a test station's console is signed in as (issue 17): `--operator` names them (and is passed on:
 * it pre-selects them at the sign-in screen); `--operator-role leader` is taken out of the launcher's flags —
 * it grants nothing any more — and makes the first-run administrator a 带班领导. A demo person signs in with
 * their demo PIN.
 */
function personOf(args: string[]): { args: string[]; person?: Started['person'] } {
  const at = args.indexOf('--operator-role');
  const role = at >= 0 && args[at + 1] === 'leader' ? ('leader' as const) : ('officer' as const);
  const rest = at >= 0 ? [...args.slice(0, at), ...args.slice(at + 2)] : args;
  const op = rest.indexOf('--operator');
  const name = op >= 0 ? rest[op + 1] : undefined;
  if (!name) return { args: rest };
  const demo = demoPerson(name);
  return { args: rest, person: demo ? { ...demo, role } : { name, pin: TEST_PIN, role } };
}

export interface Hub {
  url: string;
  port: number;
  /** The hub's data folder (its log and signing key). */
  data: string;
  process: Started;
  /** A token for a station, signed with this hub's key. */
  token(station: string, jurisdiction: string): Promise<string>;
}

export interface StationOptions {
  id: string;
  jurisdiction: string;
  /** The hub to join; without one the station starts its own embedded hub and demo feed. */
  hub?: Hub;
  /** Launcher flags after the common ones (--name, --operator, --test-clock…). */
  args?: string[];
  /** 'pipe' to drive the station's --test-clock from the test. */
  stdin?: 'ignore' | 'pipe';
  /** Extra environment (for example the notification gateway's address). */
  env?: Record<string, string>;
  readyTimeoutMs?: number;
}

/** Register these with the file's describe(): everything started through the rig is stopped after the file. */
export function browserModeRig(name: string) {
  const work = mkdtempSync(join(tmpdir(), `dutyroom-e2e-${name}-`));
  const running: Running[] = [];
  const gateways: GatewayStub[] = [];
  let chromium: Browser | undefined;

  beforeAll(async () => {
    requireChromium();
    await buildRendererOnce();
    chromium = await launchChromium();
  });

  afterAll(async () => {
    await chromium?.close();
    await Promise.all(running.map((r) => r.stop()));
    await Promise.all(gateways.map((g) => g.close()));
    rmSync(work, { recursive: true, force: true });
  });

  const browser = (): Browser => {
    if (!chromium) throw new Error('Chromium did not start (see beforeAll)');
    return chromium;
  };
  const track = <T extends Running>(r: T): T => {
    running.push(r);
    return r;
  };

  /** A page whose waits and actions take SHOWS_WITHIN unless told otherwise. */
  const newPage = async (options: BrowserContextOptions = {}): Promise<Page> => {
    const page = await browser().newPage(options);
    page.setDefaultTimeout(SHOWS_WITHIN);
    return page;
  };

  return {
    work,
    browser,
    newPage,
    /** Stop this process with the others after the file (one started outside the rig). */
    track,

    /** A hub on 127.0.0.1; give `port` to start it again where a stopped one listened, on the same data. */
    async startHub(at: { port?: number } = {}): Promise<Hub> {
      const port = at.port ?? (await freePort());
      const data = join(work, 'hub');
      const started = track(
        await runScript('hub/cli.ts', ['serve', '--port', String(port), '--data', data], /hub listening on/),
      );
      return {
        url: `http://127.0.0.1:${port}`,
        port,
        data,
        process: started,
        token: (station, jurisdiction) => issueToken(data, station, jurisdiction),
      };
    },

    /** The SMS/voice gateway's far end on loopback; a station given its `env` sends through it. */
    async startGateway(): Promise<GatewayStub> {
      const gateway = await startGatewayStub();
      gateways.push(gateway);
      return gateway;
    },

    /** A station in browser mode with its data in the work folder, under its id. */
    async startStation(o: StationOptions): Promise<Started> {
      const link = o.hub ? ['--hub', o.hub.url, '--token', await o.hub.token(o.id, o.jurisdiction)] : [];
      const { args, person } = personOf(o.args ?? []);
      const started: Started = track(
        await runScript(
          'station/host/start.ts',
          [
            '--data',
            join(work, o.id),
            '--station',
            o.id,
            '--jurisdiction',
            o.jurisdiction,
            ...link,
            '--browser',
            // A --test-clock station jumps hours at a time: its consoles would lock as idle at every jump.
            ...(args.includes('--test-clock') && !args.includes('--idle-lock-minutes') ? ['--idle-lock-minutes', '0'] : []),
            ...args,
          ],
          BROWSER_MODE_URL,
          { timeoutMs: o.readyTimeoutMs ?? 180_000, stdin: o.stdin ?? 'ignore', env: o.env },
        ),
      );
      if (person) started.person = person;
      return started;
    },

    /** The station's console in a new page, once its header says it is online. */
    async openConsole(
      station: Started,
      page: { width: number; height: number; acceptDownloads?: boolean } = { width: 1400, height: 900 },
    ): Promise<Page> {
      const { acceptDownloads, ...viewport } = page;
      const tab = await newPage({ viewport, ...(acceptDownloads ? { acceptDownloads } : {}) });
      await tab.goto(station.match[1]);
      await signIn(tab, station.person ?? { name: '值班员', role: 'officer' });
      await expect.poll(() => linkStatus(tab), { timeout: SHOWS_WITHIN }).toBe('online');
      return tab;
    },
  };
}

/** A station's --test-clock moved forward from the test; resolves once the station says where its clock is. */
export function testClock(station: Started) {
  return async (ms: number) => {
    const seen = station.output().length;
    station.proc.stdin?.write(`advance ${ms}\n`);
    await expect
      .poll(() => /test clock now /.test(station.output().slice(seen)), { timeout: SHOWS_WITHIN })
      .toBe(true);
  };
}

export interface IntakeFields {
  title: string;
  category?: string;
  subtype?: string;
  level?: 'I' | 'II' | 'III' | 'IV';
  address?: string;
  lon?: string;
  lat?: string;
  callerName?: string;
  callerPhone?: string;
  injured?: string;
  description?: string;
}

/** The call most scenarios start from: a factory fire in Wansheng. */
const FACTORY_FIRE = {
  category: 'accident',
  subtype: 'fire',
  level: 'III',
  address: '万盛街道建设路12号',
  lon: '106.884',
  lat: '28.985',
  description: '厂房二层起火，浓烟较大，已拨打119。',
} as const;

/** Register a call through the intake form (n … Ctrl+Enter); returns when the form was submitted. */
export async function registerIncident(page: Page, fields: IntakeFields): Promise<number> {
  const f = { ...FACTORY_FIRE, ...fields };
  await page.keyboard.press('n');
  const form = page.getByTestId('incident-form');
  await form.waitFor();
  await form.locator('input[name=title]').fill(f.title);
  await form.locator('select[name=category]').selectOption(f.category);
  await form.locator('select[name=subtype]').selectOption(f.subtype);
  await form.locator('select[name=level]').selectOption(f.level);
  await form.locator('input[name=address]').fill(f.address);
  await form.locator('input[name=lon]').fill(f.lon);
  await form.locator('input[name=lat]').fill(f.lat);
  if (f.callerName) await form.locator('input[name=callerName]').fill(f.callerName);
  if (f.callerPhone) await form.locator('input[name=callerPhone]').fill(f.callerPhone);
  if (f.injured) await form.locator('input[name=injured]').fill(f.injured);
  await form.locator('textarea[name=description]').fill(f.description);
  const submittedAt = Date.now();
  await form.locator('textarea[name=description]').press('Control+Enter');
  await form.waitFor({ state: 'detached' });
  return submittedAt;
}
