// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { domainError, type DomainError } from '../../../shared/errors';
import type { Obligation } from '../../../shared/rules/obligation';
import { IncidentPanelHost } from './IncidentPanelHost';
import { incidentPanelOpened } from './slice';
import {
  LEADER,
  OFFICER,
  lifeIncident,
  lifeSnapshot,
  recordingStation,
  renderLife,
  type SentCommand,
} from '../../test/incidents';
import { incidentSelected } from '../../app/actions';
import type { Actor } from '../../../shared/domain/common';
import type { Incident } from '../../../shared/domain/incident';

afterEach(cleanup);

const ID = '01KAXR0000000000000000LIFE';
const KEPT = '01KAXR0000000000000000KEPT';
const slide = lifeIncident(ID, '青年镇板辽村山体滑坡');
const owed = (key: string, kind: Obligation['kind'], state: Obligation['state'] = 'pending'): Obligation => ({
  key,
  incidentId: ID,
  kind,
  dueAt: '2026-07-02T01:00:00.000Z',
  state,
  rule: { id: 'r', source: 's' },
});

function open(
  operator: Actor,
  {
    incidents = [slide],
    obligations = [],
    refuse = () => null,
  }: {
    incidents?: Incident[];
    obligations?: Obligation[];
    refuse?: (c: SentCommand) => DomainError[] | null;
  } = {},
) {
  const station = recordingStation(refuse);
  const view = renderLife(<IncidentPanelHost />, {
    snap: lifeSnapshot(operator, { incidents, obligations: [{ incidentId: ID, obligations }] }),
    client: station.client,
  });
  act(() => {
    view.store.dispatch(incidentSelected(ID));
  });
  return { ...station, ...view, user: userEvent.setup() };
}

const panel = () => screen.getByRole('dialog', { name: /事件详情：青年镇板辽村山体滑坡/ });

describe('the incident panel says what starts and stops the daily follow-ups', () => {
  it('from the written first report, until closure; and when closure stopped them', async () => {
    const daily: Obligation = {
      ...owed('follow_up.daily.2026-07-02T09:00', 'follow_up'),
      schedule: { startsBy: 'first_report', startsAt: '2026-07-01T02:35:00.000Z' },
    };
    const first = open(OFFICER, { obligations: [daily] });
    await first.user.keyboard('i');
    expect(
      within(panel()).getByText('每日续报自 2026-07-01 10:35 起（书面首报时限到时），处置结束时停止'),
    ).toBeTruthy();
    cleanup();
    const stopped = { ...daily, schedule: { ...daily.schedule!, stopsAt: '2026-07-03T06:00:00.000Z' } };
    const second = open(OFFICER, { obligations: [stopped] });
    await second.user.keyboard('i');
    expect(within(panel()).getByText(/2026-07-03 14:00 处置结束时停止/)).toBeTruthy();
  });
});

describe('the incident panel, by keyboard', () => {
  it('I opens it for the selected incident; U updates the casualties, showing what changes before saving', async () => {
    const { user, sent } = open(OFFICER);
    await user.keyboard('i');
    expect(within(panel()).getByText('接报')).toBeTruthy();
    await user.keyboard('u');
    const form = within(panel()).getByRole('form', { name: '更新情况' });
    expect(within(form).getByText('尚无更改')).toBeTruthy();
    const injured = within(form).getByLabelText('受伤');
    expect(document.activeElement).toBe(within(form).getByLabelText('死亡'));
    await user.tab();
    expect(document.activeElement).toBe(injured);
    await user.clear(injured);
    await user.type(injured, '5');
    await user.tab();
    await user.clear(within(form).getByLabelText('被困'));
    await user.type(within(form).getByLabelText('被困'), '1');
    expect(within(form).getByText('受伤：2 → 5')).toBeTruthy();
    expect(within(form).getByText('被困：0 → 1')).toBeTruthy();
    await user.keyboard('{Control>}{Enter}{/Control}');
    await within(panel()).findByText('已保存：更新情况');
    expect(sent).toEqual([
      {
        type: 'incident.update_facts',
        payload: { incidentId: ID, changes: { casualties: { dead: 0, injured: 5, missing: 0, trapped: 1 } } },
      },
    ]);
    expect(within(panel()).queryByRole('form', { name: '更新情况' })).toBeNull();
  });

  it('refuses a count that is not a whole number and sends nothing', async () => {
    const { user, sent, store } = open(OFFICER);
    act(() => {
      store.dispatch(incidentPanelOpened({ incidentId: ID, mode: 'update' }));
    });
    const form = within(panel()).getByRole('form', { name: '更新情况' });
    await user.clear(within(form).getByLabelText('死亡'));
    await user.type(within(form).getByLabelText('死亡'), '1.5');
    expect((await within(form).findByRole('alert')).textContent).toContain('死亡');
    expect(within(form).getByRole<HTMLButtonElement>('button', { name: '保存更新' }).disabled).toBe(true);
    await user.keyboard('{Control>}{Enter}{/Control}');
    expect(sent).toEqual([]);
  });

  it('R starts the response; C closes only with a note; the station’s refusal stays on screen', async () => {
    const { user, sent } = open(OFFICER, {
      refuse: (c) =>
        c.type === 'incident.close' && c.payload.summary === '拒绝'
          ? [domainError('INVALID_TRANSITION', 'payload.incidentId')]
          : null,
    });
    await user.keyboard('i');
    await user.keyboard('r');
    await within(panel()).findByText('已保存：转入处置');
    await user.keyboard('c');
    const form = await within(panel()).findByRole('form', { name: '处置结束' });
    // The officer types once the note field has the caret, as on screen.
    const note = within(form).getByLabelText('结束说明（必填）');
    await waitFor(() => expect(document.activeElement).toBe(note));
    await user.keyboard('{Control>}{Enter}{/Control}');
    expect((await within(form).findByRole('alert')).textContent).toContain('请填写此项');
    await user.type(within(form).getByLabelText('结束说明（必填）'), '拒绝');
    await user.keyboard('{Control>}{Enter}{/Control}');
    expect((await within(form).findByRole('alert')).textContent).toContain('当前状态不允许此操作');
    await user.clear(within(form).getByLabelText('结束说明（必填）'));
    await user.type(within(form).getByLabelText('结束说明（必填）'), '被埋人员全部救出，险情解除');
    await user.keyboard('{Control>}{Enter}{/Control}');
    await within(panel()).findByText('已保存：处置结束');
    expect(sent.map((c) => [c.type, c.payload])).toEqual([
      ['incident.start_response', { incidentId: ID }],
      ['incident.close', { incidentId: ID, summary: '拒绝' }],
      ['incident.close', { incidentId: ID, summary: '被埋人员全部救出，险情解除' }],
    ]);
  });

  it('O reopens a closed incident with a reason; Esc goes back, then closes the panel', async () => {
    const closed: Incident = { ...slide, status: 'closed', closedAt: '2026-07-01T01:50:00.000Z' };
    const { user, sent } = open(OFFICER, { incidents: [closed] });
    await user.keyboard('i');
    expect(within(panel()).getByRole<HTMLButtonElement>('button', { name: /处置结束/ }).disabled).toBe(true);
    await user.keyboard('o');
    const form = within(panel()).getByRole('form', { name: '重新打开' });
    await user.type(within(form).getByLabelText('重新打开原因（必填）'), '发现一名失联人员');
    await user.keyboard('{Control>}{Enter}{/Control}');
    await within(panel()).findByText('已保存：重新打开');
    expect(sent).toEqual([
      { type: 'incident.reopen', payload: { incidentId: ID, reason: '发现一名失联人员' } },
    ]);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});

describe('免报 and 合并 on the incident panel', () => {
  const obligations = [
    owed('follow_up.daily.2026-07-02T09:00', 'follow_up'),
    owed('initial.written', 'initial_written', 'met'),
  ];

  it('offers 免报 to the leader on duty only', async () => {
    const { user } = open(OFFICER, { obligations });
    await user.keyboard('i');
    const button = within(panel()).getByRole('button', { name: '免报：每日续报 07-02 09:00' });
    expect((button as HTMLButtonElement).disabled).toBe(true);
    expect(within(panel()).getByText('仅带班领导可免报')).toBeTruthy();
  });

  it('the leader waives a daily follow-up with a reason', async () => {
    const { user, sent } = open(LEADER, { obligations });
    await user.keyboard('i');
    await user.click(within(panel()).getByRole('button', { name: '免报：每日续报 07-02 09:00' }));
    const form = within(panel()).getByRole('form', { name: '免报：每日续报 07-02 09:00' });
    await user.type(within(form).getByLabelText('免报原因（必填）'), '已并入市级专报');
    await user.keyboard('{Control>}{Enter}{/Control}');
    await within(panel()).findByText('已保存：免报');
    expect(sent).toEqual([
      {
        type: 'incident.waive_obligation',
        payload: {
          incidentId: ID,
          obligationKey: 'follow_up.daily.2026-07-02T09:00',
          reason: '已并入市级专报',
        },
      },
    ]);
  });

  it('M merges a duplicate: its owed reports waived, closed with a note naming the kept one, the duty log told', async () => {
    const kept = lifeIncident(KEPT, '板辽村滑坡');
    const { user, sent } = open(LEADER, { incidents: [slide, kept], obligations });
    await user.keyboard('i');
    await user.keyboard('m');
    const form = within(panel()).getByRole('form', { name: '合并重复事件' });
    expect(within(form).getByRole('combobox', { name: '保留的事件' }).textContent).toContain('疑似重复');
    await user.keyboard('{Control>}{Enter}{/Control}');
    await within(panel()).findByText('已保存：合并');
    expect(sent.map((c) => c.type)).toEqual([
      'incident.waive_obligation',
      'incident.close',
      'dutylog.record',
    ]);
    expect(sent[0].payload).toMatchObject({
      obligationKey: 'follow_up.daily.2026-07-02T09:00',
      reason: '合并至《板辽村滑坡》',
    });
    expect(sent[1].payload).toEqual({
      incidentId: ID,
      summary: `重复事件，已合并至《板辽村滑坡》（${KEPT}）`,
    });
    expect(sent[2].payload).toMatchObject({ kind: 'note', incidentId: KEPT });
  });

  it('a merge whose waiver the station refuses does not close the duplicate', async () => {
    const kept = lifeIncident(KEPT, '板辽村滑坡');
    const { user, sent } = open(OFFICER, {
      incidents: [slide, kept],
      obligations,
      refuse: (c) =>
        c.type === 'incident.waive_obligation' ? [domainError('NOT_AUTHORISED', 'actor')] : null,
    });
    await user.keyboard('i');
    await user.keyboard('m');
    await user.keyboard('{Control>}{Enter}{/Control}');
    expect((await within(panel()).findByRole('alert')).textContent).toContain('无权执行此操作');
    expect(sent.map((c) => c.type)).toEqual(['incident.waive_obligation']);
  });
});
