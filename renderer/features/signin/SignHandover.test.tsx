// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { generateMonth } from '../../../shared/roster/generate';
import { RosterSettings, StaffMember } from '../../../shared/roster/schemas';
import type { HandoverSheet } from '../../../shared/roster/handover';
import { domainError } from '../../../shared/errors';
import { fail, ok } from '../../../shared/result';
import type { StationClient } from '../../../shared/api/client';
import {
  defaultAnswer,
  fakeClient,
  NOW,
  renderWithStation,
  SIGNED_IN_OFFICER,
  snapshot,
} from '../../test/support';
import { RosterPane } from '../roster/RosterPane';
import { Header } from '../header/Header';

afterEach(cleanup);

/*
 * 交接班签字 at the console (issue 17): each side of a kept sheet is signed in a dialog by a person of that
 * side's crew with their own PIN (the one PIN field of sign-in and 签发); when the incoming officer signs,
 * the console passes to them — the header names them.
 */
const staff = [
  StaffMember.parse({ id: 'leader-1', name: '张局长', dutyRoles: ['leader'] }),
  StaffMember.parse({ id: 'leader-2', name: '王副局长', dutyRoles: ['leader'] }),
  StaffMember.parse({ id: 'ws-duty-o1', name: '张丽' }),
  StaffMember.parse({ id: 'officer-2', name: '李静' }),
];
const generated = generateMonth({
  jurisdiction: '500110',
  year: 2026,
  month: 11,
  pattern: { kind: 'daily24', handoverAt: '08:30' },
  positions: { officers: 1, liaison: false },
  staff,
  settings: RosterSettings.parse({}),
});
if (!generated.ok) throw new Error('generation failed');
const roster = generated.value;
const HANDOVER_ID = '01KAXR0000000000000000HAND';
const sheet: HandoverSheet = {
  handoverAt: new Date(NOW + 3_600_000).toISOString(),
  outgoing: { leader: 'leader-1', officers: ['ws-duty-o1'] },
  incoming: { leader: 'leader-2', officers: ['officer-2'] },
  openIncidents: [],
  pendingObligations: [],
  unacknowledgedWarnings: [],
  teamsOut: [],
  notes: '',
  dutyLog: [],
  omitted: { openIncidents: 0, pendingObligations: 0, unacknowledgedWarnings: 0, teamsOut: 0, dutyLog: 0 },
};
const signedAt = new Date(NOW).toISOString();
const kept = (signatures: Record<string, unknown>) =>
  snapshot({
    staff,
    rosters: [
      { roster, swaps: {}, handovers: { [HANDOVER_ID]: { id: HANDOVER_ID, sheet, signatures } }, version: 3 },
    ] as never,
  });

describe('交接班签字 (issue 17)', () => {
  it('the outgoing officer signs in a dialog with their own PIN; a refusal is shown in Chinese and the PIN cleared', async () => {
    const user = userEvent.setup();
    // The first try is refused as a wrong PIN would be; the second goes through.
    const asked: unknown[] = [];
    const base = fakeClient();
    const refusing = new Proxy(base, {
      get: (target, method: string) =>
        method === 'signHandover'
          ? (input: unknown) => {
              asked.push(input);
              return Promise.resolve(
                asked.length === 1
                  ? fail(domainError('SIGN_IN_FAILED', 'input.secret'))
                  : ok({ events: [], session: null }),
              );
            }
          : Reflect.get(target, method),
    }) as StationClient;
    renderWithStation(<RosterPane />, { client: refusing, snap: kept({}), session: SIGNED_IN_OFFICER });
    await user.click(screen.getByRole('tab', { name: '交接班' }));
    await user.click(screen.getByRole('button', { name: '交班人签字' }));
    const dialog = await screen.findByRole('dialog', { name: '交班人签字' });
    // The person signed in here is of the outgoing crew: chosen already; the crew is the choice.
    const signer = within(dialog).getByLabelText<HTMLSelectElement>('签字人');
    expect(signer.value).toBe('ws-duty-o1');
    expect([...signer.options].map((o) => o.textContent)).toEqual(['张局长', '张丽']);
    const pin = within(dialog).getByLabelText<HTMLInputElement>('口令');
    expect(pin.type).toBe('password');
    await user.type(pin, '812345');
    await user.click(within(dialog).getByRole('button', { name: '确认签字' }));
    expect((await within(dialog).findByRole('alert')).textContent).toMatch(/[\u4e00-\u9fff]/);
    expect(pin.value).toBe('');
    await user.type(pin, '800011');
    await user.click(within(dialog).getByRole('button', { name: '确认签字' }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: '交班人签字' })).toBeNull());
    expect(asked).toEqual([
      {
        rosterId: roster.id,
        handoverId: HANDOVER_ID,
        side: 'outgoing',
        personId: 'ws-duty-o1',
        secret: '812345',
      },
      {
        rosterId: roster.id,
        handoverId: HANDOVER_ID,
        side: 'outgoing',
        personId: 'ws-duty-o1',
        secret: '800011',
      },
    ]);
  });

  it('the incoming officer signs at the same console and the console is theirs', async () => {
    const user = userEvent.setup();
    const client = fakeClient((method) =>
      method === 'signHandover'
        ? {
            events: [],
            session: {
              session: { ...SIGNED_IN_OFFICER, person: { id: 'officer-2', name: '李静' } },
              resumeToken: 'a-new-resume-token-of-24-chars',
            },
          }
        : defaultAnswer(method),
    );
    renderWithStation(
      <>
        <Header onOpenPalette={() => {}} onToggleView={() => {}} />
        <RosterPane />
      </>,
      {
        client,
        snap: kept({ outgoing: { personId: 'ws-duty-o1', at: signedAt, verification: { method: 'pin' } } }),
        session: SIGNED_IN_OFFICER,
      },
    );
    await user.click(screen.getByRole('tab', { name: '交接班' }));
    // The outgoing signature names its signer and how they were verified.
    expect(screen.getByTestId('handover-kept').textContent).toContain('张丽');
    expect(screen.getByTestId('handover-kept').textContent).toContain('本人口令确认');
    expect(within(screen.getByTestId('signed-in')).getByText('张丽')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: '接班人签字' }));
    const dialog = await screen.findByRole('dialog', { name: '接班人签字' });
    await user.selectOptions(within(dialog).getByLabelText('签字人'), '李静');
    await user.type(within(dialog).getByLabelText('口令'), '800013');
    await user.click(within(dialog).getByRole('button', { name: '确认签字' }));
    await waitFor(() => expect(within(screen.getByTestId('signed-in')).getByText('李静')).toBeTruthy());
    expect(window.sessionStorage.getItem('dutyroom.session')).toBe('a-new-resume-token-of-24-chars');
  });
});
