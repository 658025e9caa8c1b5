// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, screen } from '@testing-library/react';
import { incident, renderWithStation, snapshot } from '../../test/support';
import { viewChosen } from '../header/slice';
import { App } from '../../app/App';

afterEach(cleanup);
vi.mock('../map/MapPane', () => ({ MapPane: () => null }));

describe('the console shows its board only to someone signed in (issue 17)', () => {
  it('nobody signed in: the sign-in screen, no incident; the wall display still shows the incidents', async () => {
    const { store } = renderWithStation(<App />, {
      snap: snapshot({ incidents: [incident('凉风村洪涝', { level: 'III' })] }),
      session: null,
    });
    expect(await screen.findByRole('heading', { name: '值班人员登录' })).toBeTruthy();
    expect(screen.queryByText('凉风村洪涝')).toBeNull();
    act(() => {
      store.dispatch(viewChosen('wall'));
    });
    expect((await screen.findAllByText('凉风村洪涝')).length).toBeGreaterThan(0);
    expect(screen.queryByRole('heading', { name: '值班人员登录' })).toBeNull();
  });
});
