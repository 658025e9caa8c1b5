import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir, platform } from 'node:os';
import { dirname, join } from 'node:path';

/** Where a station keeps its data by default: the platform's per-user application data folder. */
export function userDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (platform() === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'DutyRoom');
  if (platform() === 'darwin') return join(homedir(), 'Library', 'Application Support', 'DutyRoom');
  return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'duty-room');
}

/**
 * The Electron binary, if its package finished installing (it writes path.txt after downloading).
 * Read from the package's files rather than imported: only electron/ may import electron.
 */
export function electronBinary(): string | null {
  try {
    const pkg = createRequire(import.meta.url).resolve('electron/package.json');
    const pathTxt = join(dirname(pkg), 'path.txt');
    if (!existsSync(pathTxt)) return null;
    const binary = join(dirname(pkg), 'dist', readFileSync(pathTxt, 'utf8').trim());
    return existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}
