import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openStationStore } from '../station/store/index';

/*
 * Issue #14, "one write path": the station's log changes only through the store's execute/executeAll
 * (a command, its decider, its idempotency) or through ingestRemote (events the hub already ordered).
 * Nothing outside station/store/ may append to the log itself: no call of the store's old raw append,
 * of its internal append, and no SQL that inserts into the events table.
 *
 * The names are spelled in pieces below so that this file does not find itself.
 */
const RAW_APPEND = 'append' + 'Local';
const INTERNAL_APPEND = 'append' + 'WithinTransaction';
const EVENTS = 'eve' + 'nts';
const patterns: Array<{ what: string; re: RegExp }> = [
  { what: RAW_APPEND, re: new RegExp(`\\b${RAW_APPEND}\\b`) },
  { what: INTERNAL_APPEND, re: new RegExp(`\\b${INTERNAL_APPEND}\\b`) },
  {
    what: 'SQL into the events table',
    // An insert (or replace, or insert-or-ignore…) into the events table: any case, schema or quoting.
    re: /\b(?:insert|replace)\s+(?:or\s+\w+\s+)?into\s+(?:\w+\.)?["'`[]?events["'`\]]?(?=[\s(]|$)/im,
  },
];

/** Where writing the events table is someone else's log, not the station's. */
const sqlAllowed: Array<{ path: string; why: string }> = [
  { path: 'hub/sqlite-store.ts', why: "the hub's own log, in the hub's database" },
  { path: 'hub/migrations/', why: "the hub database's migrations and their tests" },
  { path: 'hub/pg-store.ts', why: "the hub's own log, in its PostgreSQL database (decision 0021)" },
  { path: 'hub/pg-migrations/', why: "the hub's PostgreSQL migrations and their tests" },
  {
    path: 'tests/bench/store.bench.ts',
    why: 'the raw-INSERT baseline the store is measured against, in a scratch database of its own',
  },
];

const skippedDirs = new Set(['node_modules', 'dist', 'out', '.git', '.cache']);

interface LogWrite {
  file: string;
  line: number;
  what: string;
}

/** Every .ts/.tsx file under `root` (build outputs and dependencies left out) that appends to the log. */
function findLogWrites(root: string): LogWrite[] {
  const found: LogWrite[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!skippedDirs.has(entry.name)) walk(path);
        continue;
      }
      if (!entry.isFile() || !/\.tsx?$/.test(entry.name)) continue;
      const file = relative(root, path).split(sep).join('/');
      if (file.startsWith('station/store/')) continue;
      const lines = readFileSync(path, 'utf8').split('\n');
      lines.forEach((text, i) => {
        for (const { what, re } of patterns) {
          if (!re.test(text)) continue;
          if (what.startsWith('SQL') && sqlAllowed.some((a) => file.startsWith(a.path))) continue;
          found.push({ file, line: i + 1, what });
        }
      });
    }
  };
  walk(root);
  return found;
}

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

describe('one write path to the station log', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'one-write-path-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('no code outside station/store/ appends to the log', () => {
    expect(findLogWrites(repoRoot)).toEqual([]);
  });

  it('an opened station store has no raw append', () => {
    const store = openStationStore({
      path: join(scratch, 'station.db'),
      stationId: 'district-500101',
      jurisdiction: '500101',
    });
    try {
      expect(RAW_APPEND in store).toBe(false);
      expect(INTERNAL_APPEND in store).toBe(false);
      expect(Object.keys(store).filter((k) => /^append/i.test(k))).toEqual([]);
      expect(typeof store.execute).toBe('function');
      expect(typeof store.executeAll).toBe('function');
    } finally {
      store.close();
    }
  });

  it('the scanner finds a raw append or an events INSERT planted outside the store, and only there', () => {
    const root = join(scratch, 'planted');
    const plant = (file: string, text: string) => {
      mkdirSync(dirname(join(root, file)), { recursive: true });
      writeFileSync(join(root, file), text);
    };
    plant('station/api/sneaky.ts', `export const f = (s: any) => s.${RAW_APPEND}([], {});\n`);
    plant('renderer/app/sneaky.tsx', `// fine\nexport const g = (s: any) => s.${INTERNAL_APPEND}([]);\n`);
    plant(
      'tests/e2e/seed.ts',
      `const a = 1;\n\nexport const sql = \`INSERT OR IGNORE INTO ${EVENTS} (id, type) VALUES (?, ?)\`;\n`,
    );
    plant('station/sync/replace.ts', `export const sql = 'replace into "${EVENTS}" values (1)';\n`);
    // Allowed: the store itself, the hub's own log, dependencies and build output.
    plant(
      'station/store/index.ts',
      `function ${INTERNAL_APPEND}() {}\nconst sql = 'INSERT INTO ${EVENTS} (id)';\n`,
    );
    plant('hub/sqlite-store.ts', `const sql = 'INSERT INTO ${EVENTS} (id) VALUES (?)';\n`);
    plant('node_modules/pkg/index.ts', `s.${RAW_APPEND}();\n`);
    plant('dist/main.ts', `s.${RAW_APPEND}();\n`);
    // Not the log: another table whose name starts the same, and a word that only contains the name.
    plant(
      'station/notify/other.ts',
      `const sql = 'INSERT INTO ${EVENTS}_archive (id) VALUES (?)';\nconst x = 'my${RAW_APPEND}2';\n`,
    );
    // Not a TypeScript file.
    plant('docs/notes.md', `s.${RAW_APPEND}()\n`);

    expect(findLogWrites(root).sort((a, b) => a.file.localeCompare(b.file))).toEqual([
      { file: 'renderer/app/sneaky.tsx', line: 2, what: INTERNAL_APPEND },
      { file: 'station/api/sneaky.ts', line: 1, what: RAW_APPEND },
      { file: 'station/sync/replace.ts', line: 1, what: 'SQL into the events table' },
      { file: 'tests/e2e/seed.ts', line: 3, what: 'SQL into the events table' },
    ]);
  });
});
