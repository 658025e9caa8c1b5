// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen } from '@testing-library/react';
import { Header } from './Header';
import { renderWithStation, snapshot } from '../../test/support';

afterEach(cleanup);

const header = () => <Header onOpenPalette={() => {}} onToggleView={() => {}} />;

describe('the header says how the station stands', () => {
  it('同步中 with how far behind, and the gaps repaired, never 在线 while behind', () => {
    const base = snapshot();
    renderWithStation(header(), {
      snap: snapshot({
        link: {
          ...base.link,
          status: 'syncing',
          behindBy: 12,
          repairs: 3,
          lastRepairAt: '2026-11-25T01:58:00.000Z',
        },
      }),
    });
    const status = screen.getByRole('status');
    expect(status.textContent).toContain('同步中');
    expect(status.textContent).not.toContain('在线');
    expect(status.textContent).toContain('落后 12 条');
    expect(status.textContent).toContain('已补齐缺口 3 次（最近 2026-11-25 09:58）');
  });

  it('names the rule profile the station runs', () => {
    const base = snapshot();
    renderWithStation(header(), {
      snap: snapshot({ station: { ...base.station, ruleProfile: { id: 'henan', name: '河南省报送时限' } } }),
    });
    expect(screen.getByText('报送时限：河南省报送时限')).toBeTruthy();
  });
});
