// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useEffect } from 'react';
import { incident, renderWithStation, snapshot } from '../../test/support';
import { App } from '../../app/App';

afterEach(cleanup);

// The map draws with WebGL, which jsdom has not: a stand-in that counts how often a map is built.
const built = vi.hoisted(() => ({ count: 0 }));
vi.mock('../map/MapPane', () => ({
  MapPane: ({ wall = false }: { wall?: boolean }) => {
    useEffect(() => {
      built.count += 1;
    }, []);
    return <div data-testid="map" data-wall={String(wall)} />;
  },
}));

describe('W: console ⇄ wall keeps the one map', () => {
  it('moves the same map between the console and the wall, built once', async () => {
    const user = userEvent.setup();
    built.count = 0;
    renderWithStation(<App />, { snap: snapshot({ incidents: [incident('凉风村洪涝', { level: 'III' })] }) });
    const map = await screen.findByTestId('map');
    expect(map.closest('[data-testid=wall-board]')).toBeNull();
    expect(map.closest('#pane-map')).not.toBeNull();

    await user.keyboard('w');
    await waitFor(() => expect(document.querySelector('[data-testid=wall-board]')).not.toBeNull());
    const onWall = screen.getByTestId('map');
    expect(onWall).toBe(map);
    expect(onWall.closest('[data-testid=wall-board]')).not.toBeNull();
    expect(onWall.getAttribute('data-wall')).toBe('true');
    expect(document.body.classList.contains('wall')).toBe(true);

    await user.keyboard('w');
    await waitFor(() => expect(document.querySelector('[data-testid=wall-board]')).toBeNull());
    const back = screen.getByTestId('map');
    expect(back).toBe(map);
    expect(back.closest('#pane-map')).not.toBeNull();
    expect(back.getAttribute('data-wall')).toBe('false');
    expect(document.body.classList.contains('wall')).toBe(false);
    expect(built.count).toBe(1);
  });
});
