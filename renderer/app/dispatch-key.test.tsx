// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { incident, renderWithStation, snapshot } from '../test/support';
import { layoutRestored } from '../features/layout/slice';
import { App } from './App';

afterEach(cleanup);
// The map draws with WebGL from bundled GeoJSON: neither has a place in jsdom, and these flows do not need it.
vi.mock('../features/map/MapPane', () => ({ MapPane: () => null }));

/** The board with the incident list alone (the map's WebGL has no place in jsdom). */
function board(
  incidents = [
    incident('南桐镇民房火灾', { minutesAgo: 20 }),
    incident('新来的道路交通事故', { minutesAgo: 1 }),
  ],
) {
  const rendered = renderWithStation(<App />, { snap: snapshot({ incidents }) });
  act(() => {
    rendered.store.dispatch(layoutRestored({ columns: [['incidents', 'clocks']], sizes: {} }));
  });
  return rendered;
}

describe('D: dispatch for the incident the officer chose, never for one the feed just added', () => {
  it('with nothing selected, D opens no dispatch, says to select an incident first and puts the focus on the list', async () => {
    const user = userEvent.setup();
    const { store } = board();
    await screen.findByRole('listbox', { name: /未结束事件/ });
    await user.keyboard('d');
    expect(store.getState().map.dispatchOpen).toBe(false);
    expect(store.getState().map.selectedIncidentId).toBeNull();
    expect(await screen.findByText(/先选择事件/)).toHaveProperty('role', 'status');
    await waitFor(() => expect(document.activeElement?.getAttribute('role')).toBe('option'));
  });

  it('with an incident selected by the keyboard, D opens dispatch for that incident', async () => {
    const user = userEvent.setup();
    const { store } = board();
    await screen.findByRole('listbox', { name: /未结束事件/ });
    await user.keyboard('d');
    await waitFor(() => expect(document.activeElement?.getAttribute('role')).toBe('option'));
    await user.keyboard('{ArrowDown}');
    const chosen = store.getState().map.selectedIncidentId;
    expect(chosen).not.toBeNull();
    await user.keyboard('d');
    expect(store.getState().map.dispatchOpen).toBe(true);
    expect(store.getState().map.selectedIncidentId).toBe(chosen);
  });

  it('pane numbers follow the screen: 2 goes to the second pane shown, whatever its id', async () => {
    const user = userEvent.setup();
    board();
    await screen.findByRole('listbox', { name: /未结束事件/ });
    expect(screen.getByRole('region', { name: '报送时限' }).querySelector('.pane-key')?.textContent).toBe(
      '2',
    );
    await user.keyboard('2');
    await waitFor(() =>
      expect(document.activeElement).toBe(screen.getByRole('region', { name: '报送时限' })),
    );
  });

  it('the first Tab in a pane reaches its content, not the buttons that move the pane', async () => {
    const user = userEvent.setup();
    board();
    const pane = await screen.findByRole('region', { name: '突发事件' });
    await user.keyboard('1');
    await waitFor(() => expect(document.activeElement).toBe(pane));
    await user.tab();
    expect(document.activeElement?.getAttribute('role')).toBe('option');
  });
});
