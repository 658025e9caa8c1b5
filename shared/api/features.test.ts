import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { apiFeatures, withFeatureCalls } from './features';
import { coreCalls, stationApi, type ApiInput, type ApiMethod, type ApiOutput } from './contract';
import { query } from './call';

describe('the station API is the core calls and then every registered feature’s (decision 0032)', () => {
  it('every feature’s calls are in stationApi, the very call objects', () => {
    for (const feature of apiFeatures) {
      for (const [name, call] of Object.entries(feature.calls)) {
        expect(stationApi[name as ApiMethod], `${feature.name}: ${name}`).toBe(call);
      }
    }
    expect(stationApi.execute.kind).toBe('command');
  });

  it('the core keeps only the calls no feature owns; those moved to their features keep name and kind', () => {
    // What station/api/index.ts's core implements (its CORE_METHODS are these keys).
    expect(Object.keys(coreCalls)).toEqual([
      'execute',
      'acknowledgeAlarm',
      'snapshot',
      'streamEvents',
      'linkState',
    ]);
    const ownerOf = new Map(
      apiFeatures.flatMap((f) => Object.keys(f.calls).map((name) => [name, f.name] as const)),
    );
    // Declared in contract.ts as core calls until issue 20; the wire (names, kinds, schemas) did not change.
    const moved = {
      incident: 'incidents',
      obligationsOf: 'incidents',
      reportsOf: 'reports',
      draftReport: 'reports',
      reportTrail: 'reports',
      reportPrintView: 'reports',
      exportReportDocx: 'reports',
      inbox: 'reports',
      rankTeams: 'dispatch',
    } as const satisfies Partial<Record<ApiMethod, string>>;
    for (const [name, feature] of Object.entries(moved)) {
      expect(ownerOf.get(name), name).toBe(feature);
      expect(stationApi[name as ApiMethod].kind, name).toBe('query');
    }
  });

  it('a call named twice, by two features or by one and the core, fails naming both', () => {
    const ping = query(z.object({}), z.null());
    expect(() =>
      withFeatureCalls({}, [
        { name: 'one', calls: { ping } },
        { name: 'two', calls: { ping } },
      ]),
    ).toThrow('"ping" is claimed by one and two');
    expect(() => withFeatureCalls({ ping }, [{ name: 'one', calls: { ping } }])).toThrow(
      '"ping" is claimed by the core and one',
    );
  });

  it('method names stay literal and each call keeps its own input and output types', () => {
    expectTypeOf<ApiMethod>().not.toEqualTypeOf<string>();
    expectTypeOf<'snapshot'>().toExtend<ApiMethod>();
    expectTypeOf<'rankTeams'>().toExtend<ApiMethod>();
    const someFeatureCall = Object.keys(apiFeatures[0].calls)[0] as keyof (typeof apiFeatures)[0]['calls'];
    expectTypeOf(someFeatureCall).toExtend<ApiMethod>();
    expectTypeOf<ApiInput<'incident'>>().toEqualTypeOf<{ id: string }>();
    expectTypeOf<ApiOutput<'linkState'>['outboxDepth']>().toEqualTypeOf<number>();
  });
});
