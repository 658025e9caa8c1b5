// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { StaffMember } from '../../../shared/roster/schemas';
import { toInstant } from '../../../shared/time';
import {
  defaultAnswer,
  fakeClient,
  NOW,
  renderWithStation,
  SIGNED_IN_OFFICER,
  snapshot,
} from '../../test/support';
import { Header } from '../header/Header';

afterEach(cleanup);

/*
 * 授权签发 at the console (issue 17): the leader on duty lets another leader sign for some hours from now;
 * the dialog sends the window and reason, then lists what is on record with who granted it. An officer is
 * not offered it (and the station would refuse one anyway).
 */
const staff = [
  StaffMember.parse({ id: 'ws-duty-l1', name: '陈建国', dutyRoles: ['leader'] }),
  StaffMember.parse({ id: 'ws-duty-l2', name: '刘明', dutyRoles: ['leader'] }),
  StaffMember.parse({ id: 'ws-duty-o1', name: '张丽' }),
];
const LEADER = {
  ...SIGNED_IN_OFFICER,
  person: { id: 'ws-duty-l1', name: '陈建国' },
  role: 'leader' as const,
  signingBasis: 'on_duty' as const,
};
const header = <Header onOpenPalette={() => {}} onToggleView={() => {}} />;

describe('授权签发 (issue 17)', () => {
  it('the leader on duty records a delegation for some hours from now; the record lists it with its grantor', async () => {
    const user = userEvent.setup();
    const recorded: unknown[] = [];
    const client = fakeClient((method, input) => {
      if (method === 'recordDelegation') {
        recorded.push(input);
        return { events: [] };
      }
      if (method === 'delegations')
        return recorded.length === 0
          ? []
          : [
              {
                id: '01KAXR0000000000000000DELG',
                personId: 'ws-duty-l2',
                from: toInstant(NOW),
                until: toInstant(NOW + 4 * 3_600_000),
                reason: '带班领导赴现场',
                grantedAs: 'leader',
                grantedBy: { id: 'ws-duty-l1', name: '陈建国' },
                recordedAt: toInstant(NOW),
              },
            ];
      return defaultAnswer(method);
    });
    renderWithStation(header, { client, snap: snapshot({ staff }), session: LEADER });
    await user.click(screen.getByRole('button', { name: '授权签发' }));
    const dialog = await screen.findByRole('dialog', { name: '授权签发' });
    await within(dialog).findByText('暂无授权记录');
    // Only other leaders can be named; oneself is not.
    const person = within(dialog).getByLabelText<HTMLSelectElement>('被授权领导');
    expect([...person.options].map((o) => o.textContent)).toEqual(['刘明']);
    const hours = within(dialog).getByLabelText('授权时长（小时）');
    await user.clear(hours);
    await user.type(hours, '0');
    await user.type(within(dialog).getByLabelText('授权事由'), '带班领导赴现场');
    await user.click(within(dialog).getByRole('button', { name: '记录授权' }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe('授权时长应为大于 0 的小时数');
    expect(recorded).toEqual([]);
    await user.clear(hours);
    await user.type(hours, '4');
    await user.click(within(dialog).getByRole('button', { name: '记录授权' }));
    await waitFor(() => expect(recorded).toHaveLength(1));
    expect(recorded[0]).toEqual({
      personId: 'ws-duty-l2',
      from: toInstant(NOW),
      until: toInstant(NOW + 4 * 3_600_000),
      reason: '带班领导赴现场',
    });
    const onRecord = within(dialog).getByRole('list', { name: '授权记录' });
    await within(onRecord).findByText(/刘明：.*陈建国（带班领导）授权，事由：带班领导赴现场/);
    expect(within(onRecord).getByRole('button', { name: '撤销 刘明' })).toBeTruthy();
  });

  it('an officer is not offered 授权签发', () => {
    renderWithStation(header, { snap: snapshot({ staff }), session: SIGNED_IN_OFFICER });
    expect(screen.getByRole('button', { name: '手机审批' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: '授权签发' })).toBeNull();
  });
});
