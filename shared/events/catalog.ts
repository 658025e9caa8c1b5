import { z } from 'zod';
import { mergeFeatures } from '../features';

/**
 * Every kind of change the system knows, with the schema of its payload. An event type is
 * "<aggregate>.<past-tense verb>"; its stream is "<aggregate>:<id>".
 * Built from the feature registry (shared/features.ts): adding an event type means adding one line to its
 * feature's event payloads; the log refuses types not listed.
 */
export const eventPayloads = mergeFeatures('eventPayloads');

export type EventType = keyof typeof eventPayloads;
export const EventType = z.enum(Object.keys(eventPayloads) as [EventType, ...EventType[]]);
export type EventPayload<T extends EventType> = z.infer<(typeof eventPayloads)[T]>;

/** The aggregate a type belongs to, which is also the prefix of its stream. */
export const aggregateOf = (type: EventType): string => type.slice(0, type.indexOf('.'));
