import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { mergeFeatures, sharedFeatures } from './features';
import { eventPayloads, type EventPayload, type EventType } from './events/catalog';
import {
  commandPayloads,
  systemCommandPayloads,
  type CommandRequest,
  type CommandType,
  type ConsoleCommandType,
} from './commands/catalog';

describe('the shared feature registry builds the catalogs (decision 0032)', () => {
  it('every event and command type of the catalogs is one feature’s, and every feature’s is in them', () => {
    const events = sharedFeatures.flatMap((f) => Object.keys(f.eventPayloads));
    const commands = sharedFeatures.flatMap((f) => Object.keys(f.commandPayloads));
    const system = sharedFeatures.flatMap((f) => Object.keys(f.systemCommandPayloads));
    expect(Object.keys(eventPayloads).sort()).toEqual([...new Set(events)].sort());
    expect(events).toHaveLength(new Set(events).size);
    expect(Object.keys(commandPayloads).sort()).toEqual([...commands].sort());
    expect(Object.keys(systemCommandPayloads).sort()).toEqual([...system].sort());
    // No type is both a console's and the station's own.
    expect(commands.filter((t) => system.includes(t))).toEqual([]);
  });

  it('the catalog keeps each feature’s very schema object (the carry plans compare them by identity)', () => {
    const report = sharedFeatures.find((f) => f.name === 'report');
    expect(commandPayloads['report.submit']).toBe(report?.commandPayloads['report.submit']);
    expect(eventPayloads['incident.facts_updated'].shape.changes).toBe(
      sharedFeatures[0].eventPayloads['incident.facts_updated'].shape.changes,
    );
  });

  it('a type claimed by two features fails when the catalogs are built, naming both', () => {
    const one = { name: 'one', eventPayloads: { 'x.done': z.object({}) }, commandPayloads: {}, systemCommandPayloads: {} };
    const two = { ...one, name: 'two' };
    expect(() => mergeFeatures('eventPayloads', [one, two])).toThrow('"x.done" is claimed by one and two');
  });

  it('the merged catalogs are as precise as spelled-out ones: literal keys and a discriminated union', () => {
    expectTypeOf<EventType>().not.toEqualTypeOf<string>();
    expectTypeOf<CommandType>().not.toEqualTypeOf<string>();
    expectTypeOf<'incident.register'>().toExtend<ConsoleCommandType>();
    expectTypeOf<'report.record_system_receipt'>().not.toExtend<ConsoleCommandType>();
    expectTypeOf<'report.record_system_receipt'>().toExtend<CommandType>();
    expectTypeOf<Extract<CommandRequest, { type: 'report.submit' }>['payload']>().toEqualTypeOf<{
      reportId: string;
    }>();
    expectTypeOf<EventPayload<'warning.lifted'>>().toEqualTypeOf<{ reason: string }>();
  });
});
