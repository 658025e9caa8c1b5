// `npm start` — the embedded default: an in-process hub with the demo feed, a station in the user's
// data directory, and the app (Electron when its binary is present, else browser mode).
//   npm start -- [--hub URL --token-file FILE [--hub-ca ca.crt]] [--data DIR]
//                [--station ID --jurisdiction CODE --name NAME]
//                [--listen 127.0.0.1] [--port N] [--browser] [--leader NAME] [--officer NAME]…
//                [--tls-cert FILE --tls-key FILE] [--pairing-token-file FILE]  (open mode, decision 0013)
//                [--wall-screen N] [--kiosk]
//                [--test-clock]  (end-to-end tests only: time moves on "advance <ms>" lines on stdin)
//                [--test-clock-at ISO]  (…and stands at ISO between them: the screen gallery)
//   npm start -- --setup [--data DIR]  the first-run screen (jurisdiction, rules, hub, directories,
//                administrator), saved in DIR/site.json: later starts run as that site with no flags
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronBinary } from './paths';
import { parseStationArgs, startStationServices } from './services';
import { startDutyRoom } from './demo';
import { isLoopback, newPairingToken, openModeTls, startStationHost } from './server';
import { maskSecret, readSecret } from '../../hub/secrets';
import { TestClock, parseClockCommand, parseClockStart } from './testClock';
import { createInterface } from 'node:readline';
import { completeSetup, setupApi, switchableApi } from '../setup/launch';
import { domainError } from '../../shared/errors';
import { fail } from '../../shared/result';

const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const args = parseStationArgs(process.argv.slice(2));

if (args.testClock && (!args.browser || !isLoopback(args.listen))) {
  console.error('--test-clock is for end-to-end tests only: it needs --browser and a loopback --listen');
  process.exit(2);
}
const clockStartParsed = args.testClockAt === undefined ? undefined : parseClockStart(args.testClockAt);
if (typeof clockStartParsed === 'object') {
  console.error(clockStartParsed.error);
  process.exit(2);
}
const clockStart: number | undefined = clockStartParsed;
if (args.setup && !isLoopback(args.listen)) {
  console.error('--setup serves the first-run screen on this machine only: leave --listen out');
  process.exit(2);
}
// The first-run screen is served to a browser on this machine, Electron or not; the desktop app reads the saved site.
const electron = args.browser || args.setup ? null : electronBinary();
if (electron) {
  // The desktop app runs the station itself; hand it the same arguments.
  const main = join(repoRoot, 'out', 'main.mjs');
  if (!existsSync(main)) {
    console.error('the Electron shell is not built: run `npm run build` first');
    process.exit(2);
  }
  const child = spawn(electron, [main, ...process.argv.slice(2)], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  if (!args.browser)
    console.log('Electron binary not found (it cannot be downloaded here); serving browser mode instead.');
  await runBrowserMode();
}

async function runBrowserMode() {
  const rendererDir = join(repoRoot, 'dist', 'renderer');
  if (!existsSync(join(rendererDir, 'index.html'))) {
    // The first start builds the interface for about a minute: say so, or it looks hung.
    console.log(
      '正在构建界面（仅首次启动，约一分钟）… / Building the interface (first start only, about a minute)…',
    );
    const { build } = await import('vite');
    await build({ configFile: join(repoRoot, 'vite.config.ts'), logLevel: 'warn' });
  }
  if (args.setup) return runSetupMode(rendererDir);
  let services;
  try {
    services = await startDutyRoom(
      args,
      (error) => console.error('station API bug:', error),
      args.testClock
        ? { testClock: new TestClock(clockStart === undefined ? {} : { at: clockStart }) }
        : undefined,
    );
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  }
  // Open mode: https only, and a pairing token from its file or the environment, else a new one each start.
  let tls: Awaited<ReturnType<typeof openModeTls>>;
  let givenPairing: string | undefined;
  try {
    tls = await openModeTls({ listen: args.listen, dataDir: args.dataDir, tlsCert: args.tlsCert, tlsKey: args.tlsKey });
    const pairing = readSecret({
      name: 'pairing-token',
      flag: args.pairingToken,
      file: args.pairingTokenFile,
      envName: 'DUTYROOM_PAIRING_TOKEN',
    });
    for (const w of [...pairing.warnings, ...(tls?.warnings ?? [])]) console.error(w);
    givenPairing = pairing.value;
    if (givenPairing !== undefined && givenPairing.length < 12)
      throw new Error('the pairing token must be at least 12 characters');
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    await services.close();
    process.exit(2);
  }
  const pairingToken = isLoopback(args.listen) ? undefined : (givenPairing ?? newPairingToken());
  // A token the site gave is never printed; a new one is shown here, the only place it can be read.
  const shownPairing = pairingToken && givenPairing === undefined ? `#pair=${pairingToken}` : '';
  const host = await startStationHost({
    api: services.station.api,
    rendererDir,
    basemaps: services.basemaps,
    host: args.listen,
    port: args.port,
    ...(pairingToken ? { pairingToken } : {}),
    ...(tls ? { tls: { cert: tls.cert, key: tls.key } } : {}),
  });

  const testClock = services.testClock;
  if (testClock) {
    // End-to-end tests move this station's time with `advance <ms>` lines on standard input.
    console.log("TEST CLOCK: this station's time is moved from standard input; never run it so for duty");
    const lines = createInterface({ input: process.stdin });
    lines.on('line', (line) => {
      const command = parseClockCommand(line);
      if ('error' in command) {
        console.error(command.error);
        return;
      }
      const now = testClock.advance(command.advanceMs);
      services.station.recheckDeadlines();
      console.log(`test clock now ${new Date(now).toISOString()}`);
    });
  }

  // The test harness and the user read this line.
  console.log(`Duty Room (browser mode): ${host.url}${shownPairing}`);
  console.log(`wall display: ${host.url}?view=wall${shownPairing}`);
  if (pairingToken)
    console.log(
      givenPairing === undefined
        ? `pairing token for other screens in the room: ${pairingToken}`
        : `pairing token for other screens in the room: the one given (${maskSecret(givenPairing)}); add #pair=TOKEN to the address`,
    );
  if (tls) {
    // Beside the pairing token: what the person at a screen compares with what the browser shows.
    console.log(`TLS certificate SHA-256 fingerprint: ${tls.fingerprint256} (for ${tls.subjectAltName})`);
    if (tls.caFingerprint256)
      console.log(`site CA SHA-256 fingerprint: ${tls.caFingerprint256} (install ${tls.caCertFile} on the room's screens)`);
  }
  if (services.hub) console.log(`embedded hub with the demo feed on ${services.hub.url}`);

  let closing = false;
  const stop = async () => {
    if (closing) return;
    closing = true;
    await host.close();
    await services.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

/**
 * `--setup`: the host serves the first-run screen before any station exists. Saving it writes site.json, starts
 * the station as the site (its directories imported, its administrator set up) and hands the host to it: the
 * screen reloads into the station's sign-in.
 */
async function runSetupMode(rendererDir: string) {
  let services: Awaited<ReturnType<typeof startStationServices>> | null = null;
  const api = switchableApi(
    setupApi({
      dataDir: args.dataDir,
      onBug: (error) => console.error('set-up bug:', error),
      apply: async (_site, input) => {
        // The saved site, read as any later start reads it (flags other than --setup still apply).
        const siteArgs = parseStationArgs(process.argv.slice(2).filter((a) => a !== '--setup'));
        let started: Awaited<ReturnType<typeof startStationServices>>;
        try {
          started = await startStationServices(siteArgs, (error) => console.error('station API bug:', error));
        } catch (error) {
          // The screen shows why (a hub token the hub refuses to parse, a profile file gone…); nothing runs.
          const why = error instanceof Error ? error.message : String(error);
          console.error(why);
          return fail(domainError('INVALID_FIELD', 'setupSite', why.slice(0, 500)));
        }
        const done = await completeSetup(started, input);
        if (!done.ok) {
          await started.close();
          return done;
        }
        services = started;
        api.use(started.station.api);
        console.log(`set up as ${siteArgs.name ?? siteArgs.jurisdiction} (${siteArgs.jurisdiction}); saved in ${args.dataDir}`);
        return done;
      },
    }),
  );
  const host = await startStationHost({ api, rendererDir, host: args.listen, port: args.port });
  // The test harness and the user read this line.
  console.log(`Duty Room (browser mode): ${host.url}`);
  console.log(`first-run set-up: open ${host.url} and fill in the form; it is saved in ${args.dataDir}`);
  let closing = false;
  const stop = async () => {
    if (closing) return;
    closing = true;
    await host.close();
    await services?.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}
