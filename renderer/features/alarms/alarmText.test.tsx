import { describe, expect, it } from 'vitest';
import type { Alarm } from '../../../shared/api/contract';
import { initI18n } from '../../i18n';
import { alarmText } from './announce';

const fromBelow: Alarm = {
  id: 'a1',
  kind: 'report_received',
  severity: 'warning',
  raisedAt: '2026-12-07T01:00:00.000Z',
  params: { title: '关坝镇道路塌方', report: 'initial', sequence: '', from: '500110' },
  sound: true,
};

describe('the city hears of a report from below', () => {
  it('names the sending district and the report in words, not codes', () => {
    initI18n('zh-CN');
    const text = alarmText(fromBelow, 'zh-CN');
    expect(text).toBe('下级报告：万盛经开区（演示）报来首报 · 关坝镇道路塌方，请确认接收');
    expect(alarmText(fromBelow, 'en')).toContain('first report from 万盛经开区');
  });
});
