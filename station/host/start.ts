// `npm start` — the embedded default: an in-process hub with the demo feed, a station in the user's
// data directory, and the app (Electron when its binary is present, else browser mode).
//   npm start -- [--hub URL --token T] [--data DIR] [--station ID --jurisdiction CODE --name NAME]
//                [--listen 127.0.0.1] [--port 7320] [--browser] [--leader NAME] [--officer NAME]…
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { userInfo } from 'node:os';
import { electronBinary, userDataDir } from './paths';
import { openStation } from './station';
import { startEmbeddedHub, type EmbeddedHub } from './embedded-hub';
import { isLoopback, newPairingToken, startStationHost } from './server';

const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));

const { values } = parseArgs({
  options: {
    hub: { type: 'string' },
    token: { type: 'string' },
    data: { type: 'string' },
    station: { type: 'string' },
    jurisdiction: { type: 'string' },
    name: { type: 'string' },
    listen: { type: 'string' },
    port: { type: 'string' },
    browser: { type: 'boolean', default: false },
    leader: { type: 'string' },
    officer: { type: 'string', multiple: true },
    operator: { type: 'string' },
    seed: { type: 'string' },
    'hub-port': { type: 'string' },
  },
});

const fail = (message: string): never => {
  console.error(message);
  process.exit(2);
};

if (values.hub && !values.token) fail('--hub needs --token (issue one with: npm run hub -- issue-token --station ID --jurisdiction CODE)');
const listen = values.listen ?? '127.0.0.1';
const dataDir = resolve(values.data ?? userDataDir());
const jurisdiction = values.jurisdiction ?? '500110';
const stationId = values.station ?? `station-${jurisdiction}`;
const operatorName = values.operator ?? userInfo().username;

const electron = values.browser ? null : electronBinary();
if (electron) {
  // The desktop app runs the station itself; hand it the same arguments.
  const main = join(repoRoot, 'dist', 'electron', 'main.cjs');
  if (!existsSync(main)) fail('the Electron shell is not built: run `npm run build` first');
  const child = spawn(electron, [main, ...process.argv.slice(2)], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  if (!values.browser) console.log('Electron binary not found (it cannot be downloaded here); serving browser mode instead.');
  await runBrowserMode();
}

async function runBrowserMode() {
  const rendererDir = join(repoRoot, 'dist', 'renderer');
  if (!existsSync(join(rendererDir, 'index.html'))) {
    const { build } = await import('vite');
    await build({ configFile: join(repoRoot, 'vite.config.ts'), logLevel: 'warn' });
  }

  let hub: EmbeddedHub | null = null;
  let hubLink: { url: string; token: string };
  if (values.hub && values.token) {
    hubLink = { url: values.hub, token: values.token };
  } else {
    hub = await startEmbeddedHub({ dataDir: join(dataDir, 'hub'), seed: Number(values.seed ?? 1), ...(values['hub-port'] ? { port: Number(values['hub-port']) } : {}) });
    hubLink = { url: hub.url, token: await hub.issue(stationId, jurisdiction) };
  }

  const station = openStation({
    dataDir: join(dataDir, 'station'),
    stationId,
    jurisdiction,
    name: values.name ?? (jurisdiction === '500110' ? '万盛经开区应急值守（演示）' : stationId),
    operator: { id: operatorName.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64) || 'officer', name: operatorName, role: 'officer' },
    onDuty: { leader: values.leader ?? null, officers: values.officer ?? [operatorName] },
    hub: hubLink,
    onBug: (error) => console.error('station API bug:', error),
  });

  const pairingToken = isLoopback(listen) ? undefined : newPairingToken();
  const host = await startStationHost({
    api: station.api,
    rendererDir,
    host: listen,
    port: Number(values.port ?? 0),
    ...(pairingToken ? { pairingToken } : {}),
  });

  // The test harness and the user read this line.
  console.log(`Duty Room (browser mode): ${host.url}${pairingToken ? `#pair=${pairingToken}` : ''}`);
  if (pairingToken) console.log(`pairing token for other screens in the room: ${pairingToken}`);
  if (hub) console.log(`embedded hub with the demo feed on ${hub.url}`);

  let closing = false;
  const stop = async () => {
    if (closing) return;
    closing = true;
    await host.close();
    station.close();
    await hub?.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}
