// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Report, ReportContent } from '../../../shared/domain/report';
import type { ExternalUnit } from '../../../shared/reports/external';
import { defaultAnswer, fakeClient, incident, NOW, renderWithStation, snapshot } from '../../test/support';
import { ReportClocks } from './ReportClocks';
import { reportDeskOpened } from './slice';
import { parseChinaTime } from './ExternalSend';

afterEach(cleanup);

/** Upper levels outside Duty Room (issue 19): choosing an external addressee and how, and 记录人工回执. */
const content: ReportContent = {
  unit: '万盛经开区应急管理局',
  time: '2026年11月25日9时50分',
  place: '南桐镇建设路12号',
  summary: '厂房二层起火',
  casualties: { dead: 0, injured: 2, missing: 0, trapped: 0 },
  cause: '',
  measures: '',
  nextSteps: '',
  reporter: '张伟',
  contact: '023-12345678',
};
const office: ExternalUnit = {
  id: 'cq-ema-duty',
  name: '重庆市应急管理局值班室',
  level: 'province',
  jurisdiction: '50',
  contacts: [{ kind: 'fax', value: '023-00000002', label: '值班传真' }],
};
const SENT_AT = new Date(NOW - 20 * 60_000).toISOString(); // 09:40 China time

function report(id: string, incidentId: string, over: Partial<Report>): Report {
  return {
    id,
    incidentId,
    kind: 'initial',
    channel: 'written',
    jurisdiction: '500110',
    status: 'approved',
    versions: [{ version: 1, content, authoredBy: 'op-zhang', authoredAt: new Date(NOW - 30 * 60_000).toISOString(), eventId: '01KAXR0000000000000000E001' }],
    ...over,
  };
}

function desk(reports: (incidentId: string) => Report[]) {
  const fire = incident('南桐镇厂房火灾');
  const executed: Array<{ type: string; payload: Record<string, unknown> }> = [];
  const client = fakeClient((method, input) => {
    if (method === 'execute') executed.push(input as (typeof executed)[number]);
    return defaultAnswer(method);
  });
  const base = snapshot();
  const rendered = renderWithStation(<ReportClocks />, {
    client,
    snap: snapshot({ station: { ...base.station, externalUnits: [office] }, incidents: [fire], reports: reports(fire.id) }),
  });
  act(() => {
    rendered.store.dispatch(reportDeskOpened(fire.id));
  });
  return { ...rendered, executed };
}

describe('报送 to an upper level outside Duty Room', () => {
  it('a signed report goes to the chosen external unit, by the chosen means', async () => {
    const user = userEvent.setup();
    const { executed } = desk((id) => [report('01KAXR0000000000000000R001', id, { status: 'approved', approvedBy: 'leader-wang', approvedAt: SENT_AT })]);
    const dialog = await screen.findByRole('dialog', { name: /信息报告/ });
    await user.click(within(dialog).getByRole('button', { name: '报送上级' }));
    const form = within(dialog).getByRole('form', { name: '报送上级' });
    // The Duty Room station above comes first; the external unit is named as outside Duty Room.
    const addressee = within(form).getByLabelText('报送对象');
    expect(within(addressee).getAllByRole('option').map((o) => o.textContent)).toEqual([
      '上级值守台（5001）',
      '重庆市应急管理局值班室（省级，未接入值守台）',
    ]);
    expect(within(form).queryByLabelText('报送方式')).toBeNull();
    await user.selectOptions(addressee, '重庆市应急管理局值班室（省级，未接入值守台）');
    await user.selectOptions(within(form).getByLabelText('报送方式'), '传真');
    expect(within(form).getByText('传真：023-00000002（值班传真）')).toBeTruthy();
    await user.click(within(form).getByRole('button', { name: '确认报送' }));
    expect(executed).toEqual([
      {
        id: expect.any(String),
        type: 'report.send',
        payload: { reportId: '01KAXR0000000000000000R001', addressedTo: '50', external: { unitId: 'cq-ema-duty', via: 'fax' } },
      },
    ]);
  });

  it('records the receipt by hand: receiver and time, refusing a blank name or a time before the send, and shows 人工回执', async () => {
    const user = userEvent.setup();
    const external = { unitId: 'cq-ema-duty', name: '重庆市应急管理局值班室', level: 'province' as const, via: 'phone' as const };
    const { executed } = desk((id) => [
      report('01KAXR0000000000000000R002', id, { status: 'sent', sentAt: SENT_AT, addressedTo: '50', external }),
      report('01KAXR0000000000000000R003', id, {
        kind: 'follow_up',
        sequence: 1,
        status: 'received',
        sentAt: SENT_AT,
        addressedTo: '50',
        external,
        receivedAt: SENT_AT,
        receipt: { receiverName: '赵敏', source: 'manual' },
      }),
    ]);
    const dialog = await screen.findByRole('dialog', { name: /信息报告/ });
    expect(within(dialog).getByText(/人工回执：赵敏 2026-11-25 09:40/)).toBeTruthy();
    // Only the report still awaiting its receipt offers to record one.
    const buttons = within(dialog).getAllByRole('button', { name: '记录人工回执' });
    expect(buttons).toHaveLength(1);
    await user.click(buttons[0]);
    const form = within(dialog).getByRole('form', { name: '记录人工回执：重庆市应急管理局值班室' });

    await user.click(within(form).getByRole('button', { name: '保存回执' }));
    expect(within(form).getByRole('alert').textContent).toBe('请填写接收人姓名');
    await user.type(within(form).getByLabelText('接收人'), '王伟');
    const when = within(form).getByLabelText('接收时间（北京时间）');
    await user.clear(when);
    await user.type(when, '2026-11-25 09:30');
    await user.click(within(form).getByRole('button', { name: '保存回执' }));
    expect(within(form).getByRole('alert').textContent).toContain('接收时间不能早于报送时间');
    await user.clear(when);
    await user.type(when, '2026-11-25 09:45');
    await user.type(within(form).getByLabelText('备注'), '电话确认');
    await user.click(within(form).getByRole('button', { name: '保存回执' }));
    expect(executed).toEqual([
      {
        id: expect.any(String),
        type: 'report.record_receipt',
        payload: { reportId: '01KAXR0000000000000000R002', receiverName: '王伟', receivedAt: '2026-11-25T01:45:00.000Z', note: '电话确认' },
      },
    ]);
  });
});

describe('parseChinaTime', () => {
  it('reads a China wall time and refuses what is not one', () => {
    expect(parseChinaTime('2026-11-25 09:45')).toBe(Date.parse('2026-11-25T01:45:00.000Z'));
    expect(parseChinaTime('2026-02-30 09:45')).toBeNull();
    expect(parseChinaTime('09:45')).toBeNull();
    expect(parseChinaTime('2026-11-25 24:00')).toBeNull();
  });
});
