// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { HandoverSheet } from '../../../shared/roster/handover';
import { StaffMember } from '../../../shared/roster/schemas';
import { defaultAnswer, fakeClient, incident, NOW, renderWithStation, snapshot } from '../../test/support';
import { RosterPane } from './RosterPane';

afterEach(cleanup);

const fire = incident('南桐镇厂房火灾');
const at = (minutes: number) => new Date(NOW + minutes * 60_000).toISOString();
const sheet: HandoverSheet = {
  handoverAt: at(390),
  outgoing: { leader: 'leader-1', officers: ['officer-1'] },
  incoming: { leader: 'leader-2', officers: ['officer-2'] },
  openIncidents: [
    {
      id: fire.id,
      title: fire.facts.title,
      level: 'IV',
      status: 'received',
      receivedAt: fire.facts.receivedAt,
    },
  ],
  pendingObligations: [
    {
      incidentId: fire.id,
      key: 'initial.phone',
      kind: 'initial_phone',
      dueAt: at(-5),
      overdue: true,
      minutesLeft: -5,
    },
    // An obligation whose incident the sheet has no title for: the console names it from its own record.
    { incidentId: fire.id, key: 'final', kind: 'final', dueAt: at(600), overdue: false, minutesLeft: 600 },
  ],
  unacknowledgedWarnings: [],
  teamsOut: [],
  notes: '注意工业园火场复燃',
  dutyLog: [],
  omitted: { openIncidents: 0, pendingObligations: 0, unacknowledgedWarnings: 0, teamsOut: 0, dutyLog: 0 },
};
sheet.pendingObligations[0].incidentTitle = fire.facts.title;

describe('交接班 sheet', () => {
  it('opens as a dialog that reads like a handover: labels, titles, two different shifts; Esc closes it', async () => {
    const user = userEvent.setup();
    renderWithStation(<RosterPane />, {
      client: fakeClient((method) => (method === 'handoverDraft' ? sheet : defaultAnswer(method))),
      snap: snapshot({
        incidents: [fire],
        staff: [
          StaffMember.parse({ id: 'leader-1', name: '张局长', dutyRoles: ['leader'] }),
          StaffMember.parse({ id: 'leader-2', name: '王副局长', dutyRoles: ['leader'] }),
          StaffMember.parse({ id: 'officer-1', name: '值班员甲' }),
          StaffMember.parse({ id: 'officer-2', name: '值班员乙' }),
        ],
      }),
    });
    await user.click(screen.getByRole('tab', { name: '交接班' }));
    const generate = screen.getByRole('button', { name: '生成交接单' });
    await user.click(generate);
    const dialog = await screen.findByRole('dialog', { name: /交接班记录/ });
    await waitFor(() => expect(dialog.contains(document.activeElement)).toBe(true));
    const text = dialog.textContent ?? '';
    expect(within(dialog).getByText(/交班（本班）/).parentElement?.textContent).toContain('张局长');
    expect(within(dialog).getByText(/接班（下一班）/).parentElement?.textContent).toContain('王副局长');
    expect(text).toContain('南桐镇厂房火灾 · 电话首报');
    expect(text).toContain('南桐镇厂房火灾 · 终报');
    expect(text).not.toMatch(/initial\.phone|\bfinal\b|01KAXR/);
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(document.activeElement).toBe(generate);
  });
});
