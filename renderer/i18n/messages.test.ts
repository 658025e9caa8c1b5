import { describe, expect, it } from 'vitest';
import { zhCN } from './zh-CN';
import { en } from './en';
import { subtypesByCategory } from '../../shared/domain/incident';

const leaves = (o: object, prefix = ''): Map<string, string> =>
  new Map(
    Object.entries(o).flatMap(([k, v]) =>
      typeof v === 'string' ? [[`${prefix}${k}`, v] as const] : [...leaves(v as object, `${prefix}${k}.`)],
    ),
  );

describe('interface languages', () => {
  it('Chinese and English have exactly the same keys and the same placeholders', () => {
    const zh = leaves(zhCN);
    const english = leaves(en);
    expect([...english.keys()].sort()).toEqual([...zh.keys()].sort());
    const holes = (s: string) => (s.match(/\{\{\w+\}\}/g) ?? []).sort();
    for (const [key, text] of zh) expect(holes(english.get(key)!), key).toEqual(holes(text));
  });

  it('every incident subtype of the domain has a name in both languages', () => {
    for (const subtype of Object.values(subtypesByCategory).flat()) {
      expect(zhCN.incident.subtypes, subtype).toHaveProperty(subtype);
      expect(en.incident.subtypes, subtype).toHaveProperty(subtype);
    }
  });

  it('no Chinese text is left empty or in English', () => {
    for (const [key, text] of leaves(zhCN)) {
      expect(text.length, key).toBeGreaterThan(0);
    }
    expect(zhCN.panes.incidents).toMatch(/[\u4e00-\u9fff]/);
  });
});
