// @vitest-environment jsdom
import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Alarm } from '../../../shared/api/contract';
import { fakeClient, renderWithStation, snapshot } from '../../test/support';
import { forgetAreas, nameDivisions } from '../incidents/areas';
import { alarmText } from './announce';
import { AlarmBar } from './AlarmBar';

const fromBelow: Alarm = {
  id: 'a1',
  kind: 'report_received',
  severity: 'warning',
  raisedAt: '2026-12-07T01:00:00.000Z',
  params: { title: '关坝镇道路塌方', report: 'initial', sequence: '', from: '500110' },
  sound: true,
};

/** The city's station names its districts from its gazetteer (station/gazetteer; tests/intake-area.test.ts). */
const cityStation = fakeClient((method, input) =>
  method === 'gazetteerDivision' && (input as { code: string }).code === '500110'
    ? {
        division: {
          code: '500110',
          name: '万盛经开区（演示）',
          label: '万盛经开区（演示）',
          level: 'county',
        },
      }
    : { division: null },
);

describe('the city hears of a report from below', () => {
  it('names the sending district and the report in words, not codes', async () => {
    forgetAreas('5001');
    const { store } = renderWithStation(<div />, { client: cityStation });
    // Before the station has named the district the alarm says its code rather than nothing.
    expect(alarmText(fromBelow, 'zh-CN')).toContain('500110报来首报');
    await store.dispatch(nameDivisions(['500110']));
    expect(alarmText(fromBelow, 'zh-CN')).toBe(
      '下级报告：万盛经开区（演示）报来首报 · 关坝镇道路塌方，请确认接收',
    );
    expect(alarmText(fromBelow, 'en')).toContain('first report from 万盛经开区');
  });

  it('a console opened after the alarm rang redraws it with the name once its station answers', async () => {
    // The gallery's city: its console was opened minutes after the district's 首报 rang, and the bar kept
    // "500110报来首报" because nothing drew the bar again when the name arrived.
    forgetAreas('5001');
    const snap = snapshot({ alarms: [fromBelow] });
    renderWithStation(<AlarmBar />, {
      snap: { ...snap, station: { ...snap.station, stationId: 'station-5001', jurisdiction: '5001' } },
      client: cityStation,
    });
    expect(await screen.findByText(/下级报告：万盛经开区（演示）报来首报/)).toBeTruthy();
  });

  it('says a tamper finding in the screen’s language', () => {
    renderWithStation(<div />);
    const mismatch: Alarm = {
      id: 'a2',
      kind: 'chain_mismatch',
      severity: 'urgent',
      raisedAt: '2026-12-07T01:00:00.000Z',
      params: { check: 'chain', detail: '记录尾部被截去', detailEn: 'the tail was cut off' },
      sound: true,
    };
    expect(alarmText(mismatch, 'zh-CN')).toContain('记录尾部被截去');
    expect(alarmText(mismatch, 'en')).toContain('the tail was cut off');
  });
});
