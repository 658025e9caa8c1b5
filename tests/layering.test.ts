import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import ts from 'typescript';

// The layering contract lives in eslint.config.js; these cases prove it bites. The probes are not files on
// disk, so no project has types for them: the type-aware rules are switched off for them (the import rules
// need no types).
const eslint = new ESLint({ cwd: process.cwd(), overrideConfig: tseslint.configs.disableTypeChecked });

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

  it('electron/ never imports the renderer', async () => {
    expect(
      await restrictedImports('electron/probe.ts', "import { App } from '../renderer/app/App';\nexport const y = App;\n"),
    ).toHaveLength(1);
    expect(
      await restrictedImports('electron/probe.ts', "import { x } from '../station/host/start';\nexport const y = x;\n"),
    ).toHaveLength(0);
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

describe('each layer compiles in its own environment', () => {
  // What tsconfig.json's references give each layer (`npm run typecheck` builds them): a DOM or Node global
  // in a layer without it is a type error, not a convention.
  const environment = (project: string) => {
    const parsed = ts.getParsedCommandLineOfConfigFile(project, {}, {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    });
    if (!parsed) throw new Error(`${project} did not parse`);
    const lib = (parsed.options.lib ?? []).map((l) => l.toLowerCase());
    return { dom: lib.some((l) => l.includes('dom')), types: parsed.options.types ?? [] };
  };

  it('shared/ has neither DOM nor Node types', () => {
    expect(environment('shared/tsconfig.json')).toEqual({ dom: false, types: [] });
  });

  it('renderer/ has the DOM and no Node types', () => {
    expect(environment('renderer/tsconfig.json')).toEqual({ dom: true, types: [] });
  });

  it('station/, hub/ and electron/ have Node types and no DOM', () => {
    for (const layer of ['station', 'hub', 'electron'])
      expect(environment(`${layer}/tsconfig.json`)).toEqual({ dom: false, types: ['node'] });
  });

  it('the root project builds every layer and the tests', () => {
    const root = ts.getParsedCommandLineOfConfigFile('tsconfig.json', {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
    const references = (root?.projectReferences ?? []).map((r) => r.path.replace(`${process.cwd()}/`, ''));
    expect(references).toEqual(
      expect.arrayContaining(['shared', 'renderer', 'station', 'hub', 'electron', 'tests']),
    );
  });
});
