import { describe, expect, it } from 'vitest';
import {
  casualtyPhrase,
  chinaDateTimeZh,
  chineseNumeral,
  reportKindLabel,
  reportTitle,
  yuanPhrase,
} from './wording';

describe('report numbering in Chinese numerals', () => {
  it.each([
    [1, '一'],
    [2, '二'],
    [9, '九'],
    [10, '十'],
    [11, '十一'],
    [19, '十九'],
    [20, '二十'],
    [21, '二十一'],
    [99, '九十九'],
    [100, '一百'],
    [101, '一百零一'],
    [110, '一百一十'],
    [1001, '一千零一'],
    [1010, '一千零一十'],
    [2345, '二千三百四十五'],
  ])('%i is written %s', (n, text) => {
    expect(chineseNumeral(n)).toBe(text);
  });

  it('refuses numbers it cannot write rather than writing nonsense', () => {
    expect(() => chineseNumeral(1.5)).toThrow(RangeError);
    expect(() => chineseNumeral(10_000)).toThrow(RangeError);
  });

  it('follow-ups are labelled 续报一, 续报二 … 续报十一 by their sequence', () => {
    expect(reportKindLabel({ kind: 'follow_up', sequence: 1 })).toBe('续报一');
    expect(reportKindLabel({ kind: 'follow_up', sequence: 2 })).toBe('续报二');
    expect(reportKindLabel({ kind: 'follow_up', sequence: 11 })).toBe('续报十一');
    expect(reportKindLabel({ kind: 'initial' })).toBe('首报');
    expect(reportKindLabel({ kind: 'final' })).toBe('终报');
    expect(reportKindLabel({ kind: 'supplementary' })).toBe('核报');
  });

  it('the title reads 关于<incident>的<label> without doubling 关于', () => {
    expect(reportTitle({ kind: 'initial' }, '某镇山体滑坡')).toBe('关于某镇山体滑坡的首报');
    expect(reportTitle({ kind: 'follow_up', sequence: 3 }, '关于某镇山体滑坡')).toBe(
      '关于某镇山体滑坡的续报三',
    );
    expect(reportTitle({ kind: 'final' }, '某化工厂爆炸事故情况')).toBe('关于某化工厂爆炸事故的终报');
  });
});

describe('report wording', () => {
  it('times are written in China time whatever the host zone', () => {
    // 01:40 UTC is 09:40 in Beijing; 16:05 UTC is past midnight there.
    expect(chinaDateTimeZh(Date.parse('2026-11-25T01:40:00Z'))).toBe('2026年11月25日9时40分');
    expect(chinaDateTimeZh(Date.parse('2026-11-25T16:05:00Z'))).toBe('2026年11月26日0时05分');
  });

  it('casualties name every non-zero figure including missing and trapped, or say there are none', () => {
    expect(casualtyPhrase({ dead: 2, injured: 3, missing: 1, trapped: 0 })).toBe(
      '造成2人死亡、3人受伤、1人失联',
    );
    expect(casualtyPhrase({ dead: 0, injured: 0, missing: 0, trapped: 4 })).toBe('造成4人被困');
    expect(casualtyPhrase({ dead: 0, injured: 0, missing: 0, trapped: 0 })).toBe('暂无人员伤亡');
  });

  it('losses are written in 元, 万元 or 亿元', () => {
    expect(yuanPhrase(8500)).toBe('8500元');
    expect(yuanPhrase(1_234_000)).toBe('123.4万元');
    expect(yuanPhrase(250_000_000)).toBe('2.5亿元');
  });
});
