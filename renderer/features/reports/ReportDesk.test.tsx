// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReportContent } from '../../../shared/domain/report';
import { defaultAnswer, fakeClient, incident, NOW, renderWithStation, snapshot } from '../../test/support';
import { ReportClocks } from './ReportClocks';
import { reportDeskOpened } from './slice';

afterEach(cleanup);

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

function desk() {
  const fire = incident('南桐镇厂房火灾');
  const client = fakeClient((method) => (method === 'draftReport' ? content : defaultAnswer(method)));
  const rendered = renderWithStation(
    <>
      <button type="button">报告</button>
      <ReportClocks />
    </>,
    {
      client,
      snap: snapshot({
        incidents: [fire],
        reports: [
          {
            id: '01KAXR0000000000000000R001',
            incidentId: fire.id,
            kind: 'initial',
            channel: 'written',
            jurisdiction: '500110',
            status: 'awaiting_approval',
            versions: [
              {
                version: 1,
                content,
                authoredBy: 'op-zhang',
                authoredAt: new Date(NOW).toISOString(),
                eventId: '01KAXR0000000000000000E001',
              },
            ],
          },
        ],
      }),
    },
  );
  return { ...rendered, fire };
}

describe('信息报告 desk: a dialog a duty officer can work by keyboard', () => {
  it('opens as a named dialog, moves the focus into the editor on 起草首报, and Esc closes it and gives the focus back', async () => {
    const user = userEvent.setup();
    const { store, fire } = desk();
    const opener = screen.getByRole('button', { name: '报告' });
    opener.focus();
    act(() => {
      store.dispatch(reportDeskOpened(fire.id));
    });
    const dialog = await screen.findByRole('dialog', { name: /信息报告：南桐镇厂房火灾/ });
    await waitFor(() => expect(dialog.contains(document.activeElement)).toBe(true));

    await user.click(within(dialog).getByRole('button', { name: '起草首报' }));
    const editor = await within(dialog).findByRole('form', { name: '报告内容' });
    await waitFor(() => expect(document.activeElement).toBe(within(editor).getByLabelText('报告单位')));

    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(document.activeElement).toBe(opener);
  });

  it('asks once more before Esc throws away unsaved edits', async () => {
    const user = userEvent.setup();
    const { store, fire } = desk();
    act(() => {
      store.dispatch(reportDeskOpened(fire.id));
    });
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: '起草首报' }));
    const place = await within(dialog).findByLabelText('地点');
    await user.type(place, '（二层）');
    await user.keyboard('{Escape}');
    expect(screen.getByRole('dialog')).toBeTruthy();
    expect((await screen.findByRole('alert')).textContent).toContain('未保存的修改');
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('a report awaiting sign-off names the leader on duty who signs it', async () => {
    const { store, fire } = desk();
    act(() => {
      store.dispatch(reportDeskOpened(fire.id));
    });
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('待带班领导签发（王强）')).toBeTruthy();
  });
});
