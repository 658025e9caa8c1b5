import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRuleProfile, RuleProfile } from '../../shared/rules/profile';

const dir = join(import.meta.dirname, '..', '..', 'resources', 'rules');
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

describe('shipped rule profiles', () => {
  it('include the national default and provincial overrides (Henan, Tianjin)', () => {
    expect(files).toEqual(expect.arrayContaining(['default.json', 'henan.json', 'tianjin.json']));
  });

  it('Tianjin cites its published text for every value, and says which number is the profile’s own', () => {
    const json = JSON.parse(readFileSync(join(dir, 'tianjin.json'), 'utf8')) as { appliesTo: string; categories: Record<string, { levels: Record<string, Record<string, { source: string }>> }> };
    expect(json.appliesTo).toBe('12');
    const rules = Object.values(json.categories).flatMap((c) => Object.values(c.levels).flatMap((l) => Object.values(l)));
    expect(rules).toHaveLength(8);
    for (const rule of rules) {
      expect(rule.source).toContain('天津市人民政府办公厅关于进一步提升基层应急管理能力的实施意见');
      expect(rule.source).toContain('第（十一）项');
      expect(rule.source).toContain('直报制度');
      expect(rule.source).toContain('本配置取值');
    }
  });

  it.each(files)('%s validates and loads over the default', (file) => {
    const json: unknown = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    const loaded = loadRuleProfile(json);
    expect(loaded.ok ? [] : loaded.errors).toEqual([]);
    if (loaded.ok) expect(RuleProfile.safeParse(loaded.value).success).toBe(true);
  });
});
