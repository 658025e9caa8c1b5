// The demo's composition root: what `npm start` runs on a PC with no site set up — an embedded hub with the
// demo live feed, the demo district's duty staff and roster, and their demo PINs — so one machine shows the
// whole system working. A site (site.json from the first-run screen, or --hub/--jurisdiction) never comes
// here: it starts the station alone or joined to its own hub (station/host/services.ts).
import { join } from 'node:path';
import { seedDemoRoster } from '../roster/demo';
import { demoCredentials } from '../auth/demo';
import { startEmbeddedHub } from './embedded-hub';
import { startStationServices, type StationArgs, type StationServices } from './services';
import type { TestClock } from './testClock';

/** The demo runs where nothing says otherwise: no hub given, no site saved without one, not the set-up screen. */
export function wantsDemo(args: StationArgs): boolean {
  return args.hub === undefined && !args.standalone && !args.setup;
}

/** The demo district on an embedded hub with its feed. */
export async function startDemoServices(
  args: StationArgs,
  onBug: (error: unknown) => void,
  testing?: { testClock?: TestClock; warn?: (message: string) => void },
): Promise<StationServices> {
  const hub = await startEmbeddedHub({
    dataDir: join(args.dataDir, 'hub'),
    seed: args.seed,
    // A clock that stands still (--test-clock-at) runs the demo feed too: the same seed, the same events.
    ...(testing?.testClock?.standsStill ? { clock: testing.testClock.now } : {}),
    ...(args.hubPort ? { port: args.hubPort } : {}),
  });
  let services: StationServices;
  try {
    services = await startStationServices(args, onBug, testing, {
      hub,
      token: await hub.issue(args.stationId, args.jurisdiction),
    });
  } catch (error) {
    await hub.close();
    throw error;
  }
  if (!args.leader) {
    // The demo district starts with its duty staff and this month's roster, so the console shows a real one
    // (unless the leader on duty was named on the command line: then those names stand).
    try {
      const now = services.testClock ? services.testClock.now() : Date.now();
      seedDemoRoster(services.station.store, now);
      // …and its people's demo PINs (README, 登录), so the demo needs no set-up step.
      await services.station.api.auth.provision(demoCredentials(services.station.store.staff()));
    } catch (error) {
      onBug(error);
    }
  }
  return services;
}

/** What a launcher (browser mode, the desktop app) starts: the demo or the site's station. */
export function startDutyRoom(
  args: StationArgs,
  onBug: (error: unknown) => void,
  testing?: { testClock?: TestClock; warn?: (message: string) => void },
): Promise<StationServices> {
  return wantsDemo(args) ? startDemoServices(args, onBug, testing) : startStationServices(args, onBug, testing);
}
