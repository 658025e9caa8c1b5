import { z } from 'zod';
import { Ulid } from '../ids';
import { Actor } from '../domain/common';
import { eventPayloads, type EventType } from '../events/catalog';
import { mergeFeatures } from '../features';
import { domainError, fromZodError } from '../errors';
import { fail, ok, type Result } from '../result';

/**
 * What a user (or a feed) may ask the station to do, every feature's (the registry, shared/features.ts).
 * Each command names its target and, when it creates an object, may carry the new id so that a retried
 * command stays idempotent.
 */
export const commandPayloads = mergeFeatures('commandPayloads');

/**
 * What only the station itself does (its scheduler and condition checks, with the system actor): no
 * console may send these, and the station API's `execute` does not accept them.
 */
export const systemCommandPayloads = mergeFeatures('systemCommandPayloads');

const everyCommandPayload = { ...commandPayloads, ...systemCommandPayloads } as const;

export type CommandType = keyof typeof everyCommandPayload;
export const CommandType = z.enum(Object.keys(everyCommandPayload) as [CommandType, ...CommandType[]]);
export type CommandPayload<T extends CommandType> = z.infer<(typeof everyCommandPayload)[T]>;

/** What a console may ask for. */
export type ConsoleCommandType = keyof typeof commandPayloads;

/**
 * A console's command as it crosses a trust boundary: its id (the idempotency key), its type and the
 * payload of that type. No actor: the station stamps who is at the console (an actor sent along is
 * dropped by the parse).
 */
export type CommandRequest = {
  [T in ConsoleCommandType]: { id: string; type: T; payload: z.input<(typeof commandPayloads)[T]> };
}[ConsoleCommandType];

type ParsedCommandRequest = {
  [T in ConsoleCommandType]: { id: string; type: T; payload: z.output<(typeof commandPayloads)[T]> };
}[ConsoleCommandType];

const requestSchemas = Object.entries(commandPayloads).map(([type, payload]) =>
  z.object({ id: Ulid, type: z.literal(type), payload }),
);

type RequestSchema = (typeof requestSchemas)[number];

/** The union's members are built from the catalog; its type is the mapped one above, member for member. */
export const CommandRequest: z.ZodType<ParsedCommandRequest, CommandRequest> = z.discriminatedUnion(
  'type',
  requestSchemas as [RequestSchema, ...RequestSchema[]],
) as z.ZodType<ParsedCommandRequest, CommandRequest>;

export const CommandEnvelope = z.object({
  /** Idempotency key: the same command id never produces events twice. */
  id: Ulid,
  type: CommandType,
  payload: z.unknown(),
  actor: Actor,
});

export type Command<T extends CommandType = CommandType> = T extends CommandType
  ? { id: string; type: T; payload: CommandPayload<T>; actor: z.infer<typeof Actor> }
  : never;

/** A type no command has, named as such (the envelope's enum error would not say which). */
function unknownType(raw: unknown): Result<never> | undefined {
  if (
    raw &&
    typeof raw === 'object' &&
    'type' in raw &&
    typeof raw.type === 'string' &&
    !(raw.type in everyCommandPayload)
  ) {
    return fail(domainError('UNKNOWN_COMMAND', 'type', raw.type));
  }
  return undefined;
}

/** Validate a command from outside: unknown type, bad envelope and each bad payload field are reported. */
export function validateCommand(raw: unknown): Result<Command> {
  const unknown = unknownType(raw);
  if (unknown) return unknown;
  const envelope = CommandEnvelope.safeParse(raw);
  if (!envelope.success) return fail(...fromZodError(envelope.error));
  const payload = everyCommandPayload[envelope.data.type].safeParse(envelope.data.payload);
  if (!payload.success) return fail(...fromZodError(payload.error, 'payload'));
  const { id, type, actor } = envelope.data;
  return ok({ id, type, payload: payload.data, actor } satisfies EnvelopeMembers as Command);
}

/**
 * Every member of the parsed envelope, and nothing else: validateCommand and validateCommandBy copy
 * them one by one, because spreading zod's parsed envelope (`{ ...data, payload }`) measured several
 * microseconds a command, more than its parse (decision 0016). A member added to CommandEnvelope makes
 * their `satisfies` fail to compile until they copy it too.
 */
type EnvelopeMembers = Record<keyof z.output<typeof CommandEnvelope>, unknown>;

/** The envelope less its actor. */
const CommandBody = CommandEnvelope.omit({ actor: true });

/**
 * validateCommand of `raw` with `actor` as its actor, where `actor` is already the output of
 * Actor.parse: the same checks of id, type and payload, any actor in `raw` ignored. A store executing a
 * batch for one actor checks that actor once, not once per command.
 */
export function validateCommandBy(raw: unknown, actor: Actor): Result<Command> {
  const unknown = unknownType(raw);
  if (unknown) return unknown;
  const body = CommandBody.safeParse(raw);
  if (!body.success) return fail(...fromZodError(body.error));
  const payload = everyCommandPayload[body.data.type].safeParse(body.data.payload);
  if (!payload.success) return fail(...fromZodError(payload.error, 'payload'));
  return ok({ id: body.data.id, type: body.data.type, payload: payload.data, actor } satisfies EnvelopeMembers as Command);
}

/**
 * How an event type's payload relates to a command type's: the event schema's members, those parsed
 * by the very same schema object in the command's payload, and those the schema leaves out when absent.
 * Null when the event payload is not a plain object schema (one with checks of its own — a refine — or
 * that keeps or refuses unknown keys): such a payload is always parsed.
 */
interface CarryPlan {
  members: ReadonlySet<string>;
  sameSchema: ReadonlySet<string>;
  mayBeAbsent: ReadonlySet<string>;
}

/** By command type, then event type: looked up for every draft, so no key is put together. */
const carryPlans = new Map<string, Map<string, CarryPlan | null>>();

function carryPlan(commandType: CommandType, eventType: EventType): CarryPlan | null {
  let byEvent = carryPlans.get(commandType);
  if (byEvent === undefined) {
    byEvent = new Map();
    carryPlans.set(commandType, byEvent);
  }
  let plan = byEvent.get(eventType);
  if (plan === undefined) {
    const event: z.ZodType = eventPayloads[eventType];
    const command: z.ZodType = everyCommandPayload[commandType];
    plan = null;
    if (
      event instanceof z.ZodObject &&
      command instanceof z.ZodObject &&
      (event._zod.def.checks?.length ?? 0) === 0 &&
      event._zod.def.catchall === undefined
    ) {
      // zod's loose shape is Record<string, any>: the rule calls this no-op, yet without it every entry is `any`.
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
      const eventShape = Object.entries(event.shape as Record<string, z.ZodType>);
      const commandShape = command.shape as Record<string, z.ZodType>;
      plan = {
        members: new Set(eventShape.map(([m]) => m)),
        sameSchema: new Set(eventShape.filter(([m, schema]) => commandShape[m] === schema).map(([m]) => m)),
        mayBeAbsent: new Set(
          eventShape
            .filter(([, schema]) => {
              const absent = schema.safeParse(undefined);
              return absent.success && absent.data === undefined;
            })
            .map(([m]) => m),
        ),
      };
    }
    byEvent.set(eventType, plan);
  }
  return plan;
}

/**
 * Whether an event payload a decider made from `command` is already in the form its schema's parse
 * gives: every member is the command's own parsed member of that name (the same object, or an equal
 * primitive) where the command parsed it with the very same schema, or is absent where the schema
 * adds nothing for an absent member; and there is nothing else. Parsing is idempotent, so such a
 * payload needs no second parse (team.position_reported carries the command's parsed position).
 * Anything else — a member the decider built or changed — answers false and is parsed as before.
 */
export function carriedOver(command: Command, eventType: EventType, payload: unknown): boolean {
  if (payload === null || typeof payload !== 'object' || Object.getPrototypeOf(payload) !== Object.prototype)
    return false;
  const plan = carryPlan(command.type, eventType);
  if (plan === null) return false;
  const given = payload as Record<string, unknown>;
  const parsed = command.payload as Record<string, unknown>;
  for (const member of Object.keys(given)) if (!plan.members.has(member)) return false;
  for (const member of plan.members) {
    const value = given[member];
    if (value === undefined) {
      if (!plan.mayBeAbsent.has(member)) return false;
    } else if (!plan.sameSchema.has(member) || !Object.hasOwn(parsed, member) || parsed[member] !== value) {
      return false;
    }
  }
  return true;
}
