// The desktop app: a table of contents. Station services start, the renderer is served from app://,
// the console and (when a second screen exists or is named) the wall display open, IPC connects them.
import { app, dialog, powerMonitor, screen } from 'electron';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseStationArgs } from '../station/host/services';
import { startDutyRoom } from '../station/host/demo';
import { rendererCsp } from '../station/host/server';
import { registerAppScheme, serveRenderer } from './protocol';
import { lockDown } from './security';
import { connectIpc } from './ipc';
import { openWindow } from './windows';

const rendererDir = fileURLToPath(new URL('../dist/renderer/', import.meta.url));
const preload = fileURLToPath(new URL('./preload.cjs', import.meta.url));
// better-sqlite3 built for Electron's ABI lives apart from the Node build the tests use (docs/decisions/0003).
const electronSqlite = app.isPackaged
  ? join(process.resourcesPath, 'native', 'better_sqlite3.node')
  : fileURLToPath(new URL('../build/native/electron/better_sqlite3.node', import.meta.url));
if (existsSync(electronSqlite)) process.env.DUTYROOM_SQLITE_NATIVE = electronSqlite;

const args = parseStationArgs(process.argv.slice(app.isPackaged ? 1 : 2));

registerAppScheme();
if (!app.requestSingleInstanceLock()) app.quit();

app
  .whenReady()
  .then(async () => {
    const services = await startDutyRoom(args, (error) => console.error('station API bug:', error));
    // The policy names the XYZ tile server when the station is configured with one (--tiles).
    const csp = rendererCsp(services.basemaps.origins());
    lockDown({ csp, tileOrigins: services.basemaps.origins() });
    serveRenderer(rendererDir, services.basemaps, csp);
    const ipc = connectIpc(services.station.api, (m) => console.warn(m));
    // Countdowns and the alarm ladder must stay right across a sleep or a clock change.
    powerMonitor.on('resume', () => services.station.recheckDeadlines());
    powerMonitor.on('unlock-screen', () => services.station.recheckDeadlines());
    const console_ = openWindow('console', { preload });
    ipc.attach(console_.webContents);
    const wantWall = args.wallScreen !== undefined || screen.getAllDisplays().length > 1;
    if (wantWall)
      ipc.attach(openWindow('wall', { preload, wallScreen: args.wallScreen, kiosk: args.kiosk }).webContents, 'wall');
    console_.on('closed', () => app.quit());
    app.on('before-quit', () => {
      ipc.close();
      void services.close();
    });
  })
  .catch((error: unknown) => {
    dialog.showErrorBox('值守台 Duty Room', error instanceof Error ? error.message : String(error));
    app.exit(1);
  });

app.on('window-all-closed', () => app.quit());
