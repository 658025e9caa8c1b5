import { chmodSync, closeSync, existsSync, openSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';

export type Db = Database.Database;

/** Why the store refuses to write, when it does. */
export interface DatabaseHealth {
  writable: boolean;
  problem?: string;
}

/** SQLite's numeric value for `synchronous=FULL`. */
const SYNCHRONOUS_FULL = 2;

/**
 * Open the station database with the settings every durable write relies on, and check that they
 * took effect: better-sqlite3's bundled SQLite defaults to synchronous=NORMAL in WAL mode, which can
 * lose the last commit on power loss — a record the screen already showed as saved.
 */
export function openDatabase(path: string, options: { readonly?: boolean } = {}): Db {
  if (!options.readonly) ownerOnlyDatabaseFiles(path);
  const db = new Database(path, {
    readonly: options.readonly ?? false,
    fileMustExist: options.readonly ?? false,
    // The desktop app runs a better-sqlite3 built for Electron's ABI (build/native/README.md).
    ...(process.env.DUTYROOM_SQLITE_NATIVE ? { nativeBinding: process.env.DUTYROOM_SQLITE_NATIVE } : {}),
  });
  try {
    if (!options.readonly) {
      const mode = db.pragma('journal_mode = WAL', { simple: true });
      if (mode !== 'wal')
        throw new Error(
          `station store needs WAL journal mode but SQLite reports "${String(mode)}" for ${path}`,
        );
    }
    db.pragma('synchronous = FULL');
    const sync = db.pragma('synchronous', { simple: true });
    if (sync !== SYNCHRONOUS_FULL) {
      throw new Error(
        `station store needs synchronous=FULL (2) but SQLite reports ${String(sync)}; a commit could be lost on power loss`,
      );
    }
    db.pragma('foreign_keys = ON');
    if (db.pragma('foreign_keys', { simple: true }) !== 1)
      throw new Error('station store needs foreign keys on');
    db.pragma('busy_timeout = 5000');
    // After a checkpoint the WAL file shrinks back instead of keeping its largest size for ever.
    if (!options.readonly) db.pragma(`journal_size_limit = ${64 * 1024 * 1024}`);
    // SQLite made the -wal and -shm files with the database file's mode; tighten any left by an older version.
    if (!options.readonly) ownerOnlyDatabaseFiles(path);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * The store's files are readable by their owner only (0600): the database is created so before SQLite
 * opens it (SQLite then makes its -wal and -shm files with the same mode), and files an older version
 * left readable by others are tightened. Nothing on Windows, where modes do not apply.
 */
function ownerOnlyDatabaseFiles(path: string): void {
  if (process.platform === 'win32' || path === ':memory:' || path === '' || path.startsWith('file:')) return;
  if (!existsSync(path)) closeSync(openSync(path, 'a', 0o600));
  for (const file of [path, `${path}-wal`, `${path}-shm`, `${path}-journal`])
    if (existsSync(file)) chmodSync(file, 0o600);
}

/** `PRAGMA integrity_check`: null when the file is sound, else SQLite's first findings. */
export function integrityProblem(db: Db): string | null {
  const rows = db.pragma('integrity_check(20)') as Array<{ integrity_check: string }>;
  const findings = rows.map((r) => r.integrity_check);
  return findings.length === 1 && findings[0] === 'ok' ? null : findings.join('; ');
}

/**
 * `PRAGMA integrity_check` on a read-only connection in a worker thread, so a large store can answer
 * reads at once while the check runs. Resolves to null when sound, else SQLite's findings.
 */
export function integrityProblemInBackground(path: string): {
  result: Promise<string | null>;
  cancel: () => void;
} {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
     const Database = require(workerData.driver);
     const db = new Database(workerData.path, { readonly: true, fileMustExist: true, ...(workerData.nativeBinding ? { nativeBinding: workerData.nativeBinding } : {}) });
     try {
       parentPort.postMessage(db.pragma('integrity_check(20)').map((r) => r.integrity_check));
     } finally {
       db.close();
     }`,
    { eval: true, workerData: { path, driver, nativeBinding: process.env.DUTYROOM_SQLITE_NATIVE } },
  );
  const result = new Promise<string | null>((resolve) => {
    worker.once('message', (findings: string[]) =>
      resolve(findings.length === 1 && findings[0] === 'ok' ? null : findings.join('; ')),
    );
    worker.once('error', (error) => resolve(`integrity check could not run: ${error.message}`));
    worker.once('exit', (code) => resolve(`integrity check stopped (exit ${code})`));
  });
  return { result, cancel: () => void worker.terminate() };
}
