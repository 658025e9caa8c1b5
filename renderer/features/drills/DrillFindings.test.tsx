// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { StationClient } from '../../../shared/api/client';
import type { DrillEvaluationWire } from '../../../shared/api/drills-calls';
import { domainError } from '../../../shared/errors';
import { shippedPlans } from '../../../shared/headquarters/shippedPlans';
import { fail, ok, type Result } from '../../../shared/result';
import { NOW, renderWithStation } from '../../test/support';
import { DrillEvaluationView } from './DrillEvaluationView';

afterEach(cleanup);
vi.mock('../map/MapPane', () => ({ MapPane: () => null }));

const DRILL = '01KAXR0000000000000000D001';
const at = new Date(NOW - 60_000).toISOString();
const plan = shippedPlans[0];

function evaluation(over: Partial<DrillEvaluationWire> = {}): DrillEvaluationWire {
  return {
    drill: {
      id: DRILL,
      organiser: '5001',
      status: 'ended',
      scenario: null,
      drilled: ['500110'],
      mode: 'blind',
      startsAt: at,
      endedAt: at,
      clockMinutes: 30,
      deliveries: 1,
    },
    asOf: at,
    final: true,
    rooms: [],
    findings: null,
    revisions: [],
    ...over,
  };
}

/** A station client answering each call with `answer`'s Result; `calls` records what was sent. */
function client(answer: (method: string, input: unknown) => Result<unknown>) {
  const calls: Array<{ method: string; input: unknown }> = [];
  const c = new Proxy({} as StationClient, {
    get: (_t, method: string) => {
      if (method === 'subscribe' || method === 'onConnectionChange') return () => () => {};
      return (input: unknown) => {
        calls.push({ method, input });
        return Promise.resolve().then(() => answer(method, input));
      };
    },
  });
  return { client: c, calls };
}
const commands = (c: ReturnType<typeof client>) =>
  c.calls
    .filter((x) => x.method === 'execute')
    .map((x) => {
      const { type, payload } = x.input as { type: string; payload: unknown };
      return { type, payload };
    });

describe('评估意见 on record', () => {
  it('保存评估意见 sends drill.record_findings with one recommendation a line', async () => {
    const c = client((method) =>
      method === 'hqPlans' ? ok([{ plan, saves: [] }]) : method === 'execute' ? ok({}) : ok(evaluation()),
    );
    renderWithStation(<DrillEvaluationView evaluation={evaluation()} />, { client: c.client });
    const user = userEvent.setup();
    await user.type(screen.getByRole('textbox', { name: '发现的问题' }), '首报超时');
    await user.type(screen.getByRole('textbox', { name: '改进建议' }), '加强接报培训\n修订信息报送模板');
    await user.click(screen.getByRole('button', { name: '保存评估意见' }));
    expect(await screen.findByText('评估意见已保存')).toBeTruthy();
    expect(commands(c)).toEqual([
      {
        type: 'drill.record_findings',
        payload: {
          drillId: DRILL,
          findings: '首报超时',
          recommendations: [{ text: '加强接报培训' }, { text: '修订信息报送模板' }],
        },
      },
    ]);
  });

  it('据此修订预案 names the chosen plan, opens its revision and says which version', async () => {
    const saved = evaluation({
      findings: { text: '首报超时', recommendations: [{ text: '修订信息报送模板' }], at, by: '刘明' },
    });
    const revised = evaluation({
      ...saved,
      revisions: [{ recommendation: 0, planId: plan.id, planVersion: plan.version + 1, at }],
    });
    const c = client((method) =>
      method === 'hqPlans'
        ? ok([{ plan, saves: [] }])
        : method === 'execute'
          ? ok({})
          : method === 'drillEvaluation'
            ? ok(revised)
            : ok({ events: [] }),
    );
    renderWithStation(<DrillEvaluationView evaluation={saved} />, { client: c.client });
    const user = userEvent.setup();
    const onRecord = screen.getByRole('region', { name: '已保存的评估意见' });
    const picker = within(onRecord).getByRole('combobox', { name: '第 1 条建议所涉预案' });
    await waitFor(() => expect(within(picker).getAllByRole('option')).toHaveLength(2));
    await user.selectOptions(picker, plan.id);
    await user.click(within(onRecord).getByRole('button', { name: '据此修订预案' }));
    expect(
      await screen.findByText(`已开启预案“${plan.title.zh}”第 ${String(plan.version + 1)} 版修订`),
    ).toBeTruthy();
    expect(commands(c)).toEqual([
      {
        type: 'drill.record_findings',
        payload: {
          drillId: DRILL,
          findings: '首报超时',
          recommendations: [{ text: '修订信息报送模板', planId: plan.id }],
        },
      },
      { type: 'drill.open_plan_revision', payload: { drillId: DRILL, recommendation: 0 } },
    ]);
  });

  it('shows the station’s refusal in Chinese', async () => {
    const c = client((method) =>
      method === 'execute'
        ? fail(
            domainError('DRILL_NOT_ENDED', 'payload.drillId', 'findings are recorded once the drill ended'),
          )
        : method === 'hqPlans'
          ? ok([])
          : ok(evaluation()),
    );
    renderWithStation(<DrillEvaluationView evaluation={evaluation()} />, { client: c.client });
    const user = userEvent.setup();
    await user.type(screen.getByRole('textbox', { name: '发现的问题' }), '首报超时');
    await user.click(screen.getByRole('button', { name: '保存评估意见' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('演练尚未结束');
    expect(screen.queryByText('评估意见已保存')).toBeNull();
  });
});
