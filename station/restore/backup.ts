import { chmodSync, closeSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

/*
 * Online backup of a station to a second folder or disk (issue 21, decision 0020): SQLite's backup API
 * through better-sqlite3 (`store.backup`), which copies the database page by page while the station goes
 * on writing, and yields a consistent snapshot. Each copy is written under a temporary name, made 0600
 * like the store, flushed to disk, then renamed to `<station>-<UTC time>.sqlite`; the newest `keep` copies
 * are kept. `npm run restore` verifies a copy before putting it in place.
 */

export interface BackupSource {
  readonly stationId: string;
  backup(path: string): Promise<void>;
}

export interface BackupResult {
  path: string;
  bytes: number;
  ms: number;
  at: string;
  /** Older copies removed to keep the newest `keep`. */
  pruned: string[];
}

export interface BackupOptions {
  dir: string;
  /** How many copies to keep (at least 1). */
  keep: number;
  clock?: () => number;
}

/** `<station>-20261207T190301123Z.sqlite`: sorts by time, and names its station. */
export const backupFileName = (stationId: string, ms: number): string =>
  `${stationId}-${new Date(ms).toISOString().replace(/[-:.]/g, '')}.sqlite`;

const BACKUP_NAME = /^(.+)-(\d{8}T\d{9}Z)\.sqlite$/;

/** The station a backup file belongs to, from its name; undefined for a name the backups never take. */
export function stationOfBackup(fileName: string): string | undefined {
  return BACKUP_NAME.exec(fileName)?.[1];
}

/** A station's backups in `dir`, oldest first. */
export function backupsIn(dir: string, stationId?: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => {
      const station = stationOfBackup(n);
      return station !== undefined && (stationId === undefined || station === stationId);
    })
    .sort((a, b) => (BACKUP_NAME.exec(a)?.[2] ?? '').localeCompare(BACKUP_NAME.exec(b)?.[2] ?? ''))
    .map((n) => join(dir, n));
}

/** One backup now: written aside, 0600, flushed, renamed into place; then the oldest beyond `keep` removed. */
export async function backupStation(source: BackupSource, options: BackupOptions): Promise<BackupResult> {
  const clock = options.clock ?? Date.now;
  const keep = Math.max(1, Math.floor(options.keep));
  mkdirSync(options.dir, { recursive: true, mode: 0o700 });
  const now = clock();
  const final = join(options.dir, backupFileName(source.stationId, now));
  const partial = `${final}.partial`;
  const started = performance.now();
  rmSync(partial, { force: true });
  // Created owner-only before SQLite opens it, so the copy is never readable by others, even for a moment.
  if (process.platform !== 'win32') closeSync(openSync(partial, 'w', 0o600));
  try {
    await source.backup(partial);
    if (process.platform !== 'win32') chmodSync(partial, 0o600);
    const fd = openSync(partial, 'r+');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(partial, final);
  } catch (error) {
    rmSync(partial, { force: true });
    rmSync(`${partial}-journal`, { force: true });
    throw error;
  }
  const all = backupsIn(options.dir, source.stationId);
  const pruned = all.slice(0, Math.max(0, all.length - keep));
  for (const old of pruned) rmSync(old, { force: true });
  return {
    path: final,
    bytes: statSync(final).size,
    ms: performance.now() - started,
    at: new Date(now).toISOString(),
    pruned,
  };
}

export interface BackupSchedule {
  /** Back up now (waits for a copy already under way, then takes a fresh one). */
  runNow(): Promise<BackupResult>;
  last(): BackupResult | null;
  stop(): Promise<void>;
}

/**
 * A backup at start and every `everyMinutes` after it, one at a time; a failed one is reported and the
 * next one is tried on time (a second disk that is full or unplugged must not stop the duty room).
 */
export function scheduleBackups(
  source: BackupSource,
  options: BackupOptions & {
    everyMinutes: number;
    onDone?: (result: BackupResult) => void;
    onError?: (error: unknown) => void;
  },
): BackupSchedule {
  if (!(options.everyMinutes > 0)) throw new Error('the backup interval must be above 0 minutes');
  let last: BackupResult | null = null;
  let running: Promise<BackupResult> | null = null;
  let stopped = false;
  const run = (): Promise<BackupResult> => {
    const previous = running ?? Promise.resolve(null);
    const next = previous
      .catch(() => null)
      .then(() => backupStation(source, options))
      .then((result) => {
        last = result;
        options.onDone?.(result);
        return result;
      });
    running = next;
    void next.finally(() => {
      if (running === next) running = null;
    }).catch(() => undefined);
    return next;
  };
  const tick = () => {
    if (stopped) return;
    run().catch((error: unknown) => options.onError?.(error));
  };
  const timer = setInterval(tick, options.everyMinutes * 60_000);
  timer.unref?.();
  tick();
  return {
    runNow: run,
    last: () => last,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
