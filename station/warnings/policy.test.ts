import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultWarningPolicy } from '../../shared/warnings/policy';
import { readWarningPolicy } from './policy';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'warning-policy-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the warning policy file', () => {
  it('without a file, the 10-minute default from Tianjin applies', () => {
    expect(readWarningPolicy(undefined)).toBe(defaultWarningPolicy);
    expect(defaultWarningPolicy.ackLimitMinutes).toBe(10);
  });

  it('a file gives each tier its own limit', () => {
    const path = join(dir, 'ok.json');
    writeFileSync(
      path,
      JSON.stringify({
        ...defaultWarningPolicy,
        id: 'flood-season',
        tiers: [{ tier: 2, ackLimitMinutes: 20 }],
      }),
    );
    expect(readWarningPolicy(path).tiers).toEqual([{ tier: 2, ackLimitMinutes: 20 }]);
  });

  it('a file with a bad limit stops the start, naming the field', () => {
    const path = join(dir, 'bad.json');
    writeFileSync(path, JSON.stringify({ ...defaultWarningPolicy, ackLimitMinutes: 0 }));
    expect(() => readWarningPolicy(path)).toThrow(/ackLimitMinutes/);
  });
});
