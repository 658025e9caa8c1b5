import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';

// The layering contract lives in eslint.config.js; these cases prove it bites.
const eslint = new ESLint({ cwd: process.cwd() });

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layering contract', () => {
  it('shared/ may not touch Node, Electron or another layer', async () => {
    const found = await restrictedImports(
      'shared/probe.ts',
      "import fs from 'node:fs';\nimport { app } from 'electron';\nimport { x } from '../station/store';\nexport const y = [fs, app, x];\n",
    );
    expect(found).toHaveLength(3);
  });

  it('only electron/ may import electron', async () => {
    expect(await restrictedImports('station/probe.ts', "import { app } from 'electron';\nexport const y = app;\n")).toHaveLength(1);
    expect(await restrictedImports('hub/probe.ts', "import { app } from 'electron';\nexport const y = app;\n")).toHaveLength(1);
    expect(await restrictedImports('electron/probe.ts', "import { app } from 'electron';\nexport const y = app;\n")).toHaveLength(0);
  });

  it('renderer/ may not import Node built-ins or the station', async () => {
    const found = await restrictedImports(
      'renderer/probe.ts',
      "import { readFileSync } from 'fs';\nimport { x } from '../station/store';\nexport const y = [readFileSync, x];\n",
    );
    expect(found).toHaveLength(2);
  });

  it('pure imports between allowed layers pass', async () => {
    expect(await restrictedImports('renderer/probe.ts', "import { z } from 'zod';\nimport { Ulid } from '../shared/ids';\nexport const y = [z, Ulid];\n")).toHaveLength(0);
  });
});
