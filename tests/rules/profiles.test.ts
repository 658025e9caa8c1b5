import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRuleProfile, RuleProfile } from '../../shared/rules/profile';

const dir = join(import.meta.dirname, '..', '..', 'resources', 'rules');
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

describe('shipped rule profiles', () => {
  it('include the national default and at least one provincial override', () => {
    expect(files).toEqual(expect.arrayContaining(['default.json', 'henan.json']));
  });

  it.each(files)('%s validates and loads over the default', (file) => {
    const json: unknown = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    const loaded = loadRuleProfile(json);
    expect(loaded.ok ? [] : loaded.errors).toEqual([]);
    if (loaded.ok) expect(RuleProfile.safeParse(loaded.value).success).toBe(true);
  });
});
