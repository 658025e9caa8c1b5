import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { apiFeatures, withFeatureCalls } from './features';
import { stationApi, type ApiInput, type ApiMethod, type ApiOutput } from './contract';
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
