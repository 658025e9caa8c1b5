import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';

// Where station SQL may live (eslint.config.js, docs/architecture.md "Feature modules"): the event log in
// station/store/, each feature's own *.store.ts and its numbered migrations (station/<feature>/migrations/
// NNNN-*.ts, decision 0032); the probes are not files on disk, so type-aware rules
// are off for them (the import rule needs no types).
const eslint = new ESLint({ cwd: process.cwd(), overrideConfig: tseslint.configs.disableTypeChecked });

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const sql = "import type { Db } from '../store/db';\nimport Database from 'better-sqlite3';\nexport const y: Db | typeof Database | undefined = undefined;\n";

/** A migration as a feature folder holds it: the Migration type (its `up` gets the database), the database type, the driver. */
const migration =
  "import type { Migration } from '../../store/migrations/types';\nimport type { Db } from '../../store/db';\nimport Database from 'better-sqlite3';\n" +
  "export const m: Migration | Db | typeof Database | undefined = undefined;\n";

describe('station SQL lives in the store and in feature *.store.ts files only', () => {
  it('a feature module file (station/<feature>/*.store.ts) and the store may open statements', async () => {
    expect(await restrictedImports('station/drills/drills.store.ts', sql)).toHaveLength(0);
    expect(await restrictedImports('station/store/probe.ts', sql.replace('../store/db', './db'))).toHaveLength(0);
  });

  it('any other station file may not reach the database', async () => {
    expect(await restrictedImports('station/drills/runner.ts', sql)).toHaveLength(2);
    expect(await restrictedImports('station/api/probe.ts', sql)).toHaveLength(2);
    expect(await restrictedImports('station/features.ts', "import type { Db } from './store/db';\nexport type D = Db;\n")).toHaveLength(1);
  });

  it("a feature's numbered migration (station/<feature>/migrations/NNNN-*.ts) may make its tables, and nothing else in that folder may", async () => {
    expect(await restrictedImports('station/drills/migrations/0220-projection-drills.ts', migration)).toHaveLength(0);
    expect(await restrictedImports('station/field/migrations/0230-team-terminals.ts', migration)).toHaveLength(0);
    // Not a numbered migration, or not directly in a feature's migrations folder: the rule holds.
    expect(await restrictedImports('station/drills/migrations/helper.ts', migration)).toHaveLength(3);
    expect(await restrictedImports('station/drills/migrations/deeper/0240-probe.ts', migration.replaceAll('../../', '../../../'))).toHaveLength(3);
    expect(await restrictedImports('station/drills/0240-probe.ts', migration.replaceAll('../../', '../'))).toHaveLength(3);
  });

  it('no other station file reaches the migrations (their runner or their type, which hands out the database)', async () => {
    expect(await restrictedImports('station/drills/runner.ts', "import type { Migration } from '../store/migrations/types';\nexport type M = Migration;\n")).toHaveLength(1);
    expect(await restrictedImports('station/api/probe.ts', "import { migrate } from '../store/migrations';\nexport const m = migrate;\n")).toHaveLength(1);
  });

  it('the other station rules still hold there', async () => {
    expect(await restrictedImports('station/api/probe.ts', "import { app } from 'electron';\nexport const y = app;\n")).toHaveLength(1);
    expect(await restrictedImports('station/drills/drills.store.ts', "import { app } from 'electron';\nexport const y = app;\n")).toHaveLength(1);
    expect(await restrictedImports('station/drills/migrations/0220-projection-drills.ts', "import { app } from 'electron';\nexport const y = app;\n")).toHaveLength(1);
  });
});
