import { describe, expect, it } from 'vitest';
import { initI18n } from '../../i18n';
import { reportKindText } from './kindLabel';

describe('report kinds in the interface language (issue 15)', () => {
  it('reads 首报/续报二/终报 in Chinese and Initial report/Follow-up 2/Final report in English', async () => {
    const i18n = initI18n('zh-CN');
    await i18n.changeLanguage('zh-CN');
    expect(reportKindText(i18n.t, i18n.language, { kind: 'initial' })).toBe('首报');
    expect(reportKindText(i18n.t, i18n.language, { kind: 'follow_up', sequence: 2 })).toBe('续报二');
    expect(reportKindText(i18n.t, i18n.language, { kind: 'final' })).toBe('终报');
    await i18n.changeLanguage('en');
    expect(reportKindText(i18n.t, i18n.language, { kind: 'initial' })).toBe('Initial report');
    expect(reportKindText(i18n.t, i18n.language, { kind: 'follow_up', sequence: 2 })).toBe('Follow-up 2');
    expect(reportKindText(i18n.t, i18n.language, { kind: 'final' })).toBe('Final report');
    expect(reportKindText(i18n.t, i18n.language, { kind: 'supplementary' })).not.toMatch(/[\u4e00-\u9fff]/);
  });
});
