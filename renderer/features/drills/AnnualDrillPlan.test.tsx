// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { AnnualDrillPlanWire } from '../../../shared/api/annual-drill-plan-calls';
import { defaultAnswer, fakeClient, renderWithStation } from '../../test/support';
import { AnnualDrillPlan } from './AnnualDrillPlan';

afterEach(cleanup);

const ENTRY = '01KAXR0000000000000000E001';
const DRILL = '01KAXR0000000000000000D001';

/** What a district station answers: its own plan and drills, and its three townships. */
function districtPlan(year: number): AnnualDrillPlanWire {
  return {
    year,
    jurisdiction: '500110',
    planned: year === 2026 ? [{ entryId: ENTRY, year, kind: 'comprehensive', month: 9, note: '汛前' }] : [],
    held: [],
    townships: [
      {
        jurisdiction: '500110002',
        name: '南桐镇',
        planned: [
          { entryId: '01KAXR0000000000000000E002', year, kind: 'comprehensive', month: 11, note: '' },
        ],
        held: [],
        comprehensiveHeld: false,
      },
      { jurisdiction: '500110003', name: '青年镇', planned: [], held: [], comprehensiveHeld: false },
      {
        jurisdiction: '500110001',
        name: '万东镇',
        planned: [],
        held: [
          {
            drillId: DRILL,
            kind: 'comprehensive',
            title: { zh: '山区乡镇山洪灾害综合演练', en: 'Flash flood drill' },
            endedAt: '2026-06-10T04:00:00.000Z',
            organiser: '500110',
          },
        ],
        comprehensiveHeld: true,
      },
    ],
  };
}

/** A station answering the plan and accepting commands; `calls` records what the pane asked. */
function station() {
  const calls: Array<{ method: string; input: unknown }> = [];
  const client = fakeClient((method, input) => {
    calls.push({ method, input });
    if (method === 'annualDrillPlan') return districtPlan((input as { year?: number }).year ?? 2026);
    return method === 'execute' ? [] : defaultAnswer(method);
  });
  return { client, calls };
}

describe('年度演练计划', () => {
  it('shows the station’s plan and which townships below have not held their comprehensive drill', async () => {
    renderWithStation(<AnnualDrillPlan />, { client: station().client });
    expect(await screen.findByText('2 个乡镇尚未举行本年度综合演练')).toBeTruthy();
    const own = screen.getByRole('list', { name: '本站计划' });
    expect(within(own).getByText(/9月 综合演练/)).toBeTruthy();
    const rows = within(screen.getByRole('table', { name: '下级乡镇综合演练情况' }))
      .getAllByRole('row')
      .slice(1);
    expect(
      rows.map((r) => [
        within(r).getByRole('rowheader').textContent,
        r.querySelectorAll('td')[0]?.textContent,
      ]),
    ).toEqual([
      ['南桐镇', '未举行'],
      ['青年镇', '未举行'],
      ['万东镇', '已举行'],
    ]);
    expect(within(rows[0]).getByText('11月综合演练')).toBeTruthy();
    expect(within(rows[2]).getByText(/山区乡镇山洪灾害综合演练（综合演练），2026-06-10结束/)).toBeTruthy();
  });

  it('adds and removes plan entries through commands, and moves between years', async () => {
    const { client, calls } = station();
    renderWithStation(<AnnualDrillPlan />, { client });
    await screen.findByRole('list', { name: '本站计划' });
    const user = userEvent.setup();
    await user.selectOptions(screen.getByLabelText('演练类别'), '专项演练');
    await user.selectOptions(screen.getByLabelText('计划月份'), '6月');
    await user.type(screen.getByLabelText('备注'), '危化品道路运输');
    await user.click(screen.getByRole('button', { name: '加入计划' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'execute')).toBe(true));
    expect(calls.find((c) => c.method === 'execute')?.input).toMatchObject({
      type: 'drill_plan.save_entry',
      payload: { year: 2026, kind: 'special', month: 6, note: '危化品道路运输' },
    });
    await user.click(screen.getByRole('button', { name: '删除9月综合演练' }));
    await waitFor(() =>
      expect(calls.filter((c) => c.method === 'execute').map((c) => c.input)).toContainEqual(
        expect.objectContaining({ type: 'drill_plan.remove_entry', payload: { entryId: ENTRY } }),
      ),
    );
    await user.click(screen.getByRole('button', { name: '下一年' }));
    expect(await screen.findByText('本年尚无演练计划')).toBeTruthy();
    expect(calls.filter((c) => c.method === 'annualDrillPlan').at(-1)?.input).toEqual({ year: 2027 });
  });

  it('shows the station’s refusal in Chinese', async () => {
    const base = station().client;
    const refused = {
      code: 'INVALID_FIELD',
      field: 'payload.year',
      message: { zh: '字段无效：计划须为 2026 年或以后', en: 'Invalid: a plan is for 2026 or later' },
    };
    const client = new Proxy(base, {
      get: (target, method: string) =>
        method === 'execute'
          ? () => Promise.resolve({ ok: false, errors: [refused] })
          : (target as unknown as Record<string, unknown>)[method],
    });
    renderWithStation(<AnnualDrillPlan />, { client });
    await screen.findByRole('list', { name: '本站计划' });
    await userEvent.setup().click(screen.getByRole('button', { name: '加入计划' }));
    expect((await screen.findByRole('alert')).textContent).toContain('计划须为 2026 年或以后');
  });

  it('speaks English when chosen', async () => {
    renderWithStation(<AnnualDrillPlan />, { client: station().client, language: 'en' });
    expect(
      await screen.findByText('2 township(s) have not held this year’s comprehensive drill'),
    ).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Add to plan' })).toBeTruthy();
  });
});
