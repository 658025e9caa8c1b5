// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { DispatchOrder } from '../../../shared/domain/operations';
import type { Team } from '../../../shared/domain/resources';
import { LEADER, lifeIncident, lifeSnapshot, recordingStation, renderLife } from '../../test/incidents';
import { TeamsPane } from './TeamsPane';

afterEach(cleanup);

const incident = lifeIncident('01KAXR0000000000000000LIFE', '青年镇板辽村山体滑坡');
const team: Team = {
  id: 'ws-rescue',
  name: '万盛综合应急救援队',
  kind: 'comprehensive',
  jurisdiction: '500110',
  headcount: 52,
  skills: [],
  equipment: [],
  base: { lon: 106.9, lat: 28.95 },
  status: 'en_route',
  statusRecord: { by: '车载终端', at: '2026-07-01T01:50:00.000Z', source: 'terminal' },
};
const order: DispatchOrder = {
  id: '01KAXR00000000000000ORDER1',
  teamId: team.id,
  incidentId: incident.id,
  issuedBy: 'op-li',
  issuedAt: '2026-07-01T01:45:00.000Z',
  status: 'acknowledged',
  lastRecord: { by: '李主任', at: '2026-07-01T01:50:00.000Z', source: 'phone' },
};

function board() {
  const station = recordingStation();
  renderLife(<TeamsPane />, {
    snap: lifeSnapshot(LEADER, { incidents: [incident], teams: [team], dispatchOrders: [order] }),
    client: station.client,
  });
  return { ...station, user: userEvent.setup() };
}

describe('team status at the console', () => {
  it('the board says who recorded the status and the order’s step, when and from where', () => {
    board();
    const row = screen.getByText('万盛综合应急救援队').closest('li')!;
    expect(row.textContent).toContain('由 车载终端 于 09:50 记录（车载终端）');
    expect(row.textContent).toContain('调度指令：青年镇板辽村山体滑坡 · 已确认');
    expect(row.textContent).toContain('由 李主任 于 09:50 记录（电话）');
  });

  it('records 到场 from a phone call by keyboard: the order’s arrival, with its source', async () => {
    const { user, sent } = board();
    await user.click(screen.getByRole('button', { name: '记录队伍状态：万盛综合应急救援队' }));
    const dialog = screen.getByRole('dialog', { name: '记录队伍状态：万盛综合应急救援队' });
    await user.click(within(dialog).getByRole('radio', { name: '电话' }));
    await user.keyboard('4');
    expect(sent).toEqual([{ type: 'dispatch.arrive', payload: { dispatchId: order.id, source: 'phone' } }]);
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('cancels the order with a reason', async () => {
    const { user, sent } = board();
    await user.click(screen.getByRole('button', { name: '记录队伍状态：万盛综合应急救援队' }));
    const dialog = screen.getByRole('dialog', { name: '记录队伍状态：万盛综合应急救援队' });
    await user.click(within(dialog).getByRole('button', { name: '取消调度指令' }));
    await user.type(within(dialog).getByLabelText('取消原因（必填）'), '险情已排除');
    await user.keyboard('{Control>}{Enter}{/Control}');
    expect(sent).toEqual([
      { type: 'dispatch.cancel', payload: { dispatchId: order.id, reason: '险情已排除', source: 'console' } },
    ]);
  });
});
