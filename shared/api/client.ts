import type { z } from 'zod';
import { domainError, fromZodError } from '../errors';
import { fail, type Result } from '../result';
import { ApiReply, StationPush, stationApi, type ApiInput, type ApiMethod, type ApiOutput } from './contract';

/**
 * One way of reaching the station: Electron IPC through the preload, or the browser-mode socket.
 * The renderer is handed one at start-up and never learns which.
 */
export interface StationTransport {
  /** Send one request; resolves with the raw reply (validated by the client), rejects when unreachable. */
  request(method: ApiMethod, input: unknown): Promise<unknown>;
  /** Raw pushes from the station (validated by the client). */
  subscribe(listener: (push: unknown) => void): () => void;
  /**
   * Whether the station itself (not the hub) is reachable; IPC is always connected. `refusal` names why
   * the station refused this screen (NOT_PAIRED: the pairing token is missing or wrong).
   */
  onConnectionChange(listener: (connected: boolean, refusal?: 'NOT_PAIRED') => void): () => void;
}

export type StationClient = {
  [M in ApiMethod]: (input: ApiInput<M>) => Promise<Result<ApiOutput<M>>>;
} & {
  subscribe(listener: (push: StationPush) => void): () => void;
  onConnectionChange(listener: (connected: boolean, refusal?: 'NOT_PAIRED') => void): () => void;
};

/**
 * The typed station API over any transport. Inputs are checked before they leave, replies and pushes
 * when they arrive, with the same schemas the station uses.
 */
export function createStationClient(
  transport: StationTransport,
  onInvalid: (what: string) => void = () => {},
): StationClient {
  const call = async (method: ApiMethod, input: unknown): Promise<Result<unknown>> => {
    const spec = stationApi[method];
    const parsedInput = spec.input.safeParse(input);
    if (!parsedInput.success) return fail(...fromZodError(parsedInput.error, 'input'));
    let raw: unknown;
    try {
      raw = await transport.request(method, parsedInput.data);
    } catch (error) {
      return fail(
        domainError('STATION_UNREACHABLE', undefined, error instanceof Error ? error.message : String(error)),
      );
    }
    const reply = ApiReply.safeParse(raw);
    if (!reply.success) {
      onInvalid(`reply to ${method}`);
      return fail(domainError('INVALID_REPLY', method));
    }
    if (!reply.data.ok) return reply.data;
    const value = (spec.output as z.ZodType).safeParse(reply.data.value);
    if (!value.success) {
      onInvalid(`reply to ${method}: ${value.error.issues[0]?.path.join('.')}`);
      return fail(domainError('INVALID_REPLY', method));
    }
    return { ok: true, value: value.data };
  };

  const methods = Object.fromEntries(
    (Object.keys(stationApi) as ApiMethod[]).map((m) => [m, (input: unknown) => call(m, input)]),
  ) as { [M in ApiMethod]: (input: ApiInput<M>) => Promise<Result<ApiOutput<M>>> };

  return {
    ...methods,
    subscribe(listener) {
      return transport.subscribe((raw) => {
        const push = StationPush.safeParse(raw);
        if (push.success) listener(push.data);
        else onInvalid(`push: ${push.error.issues[0]?.path.join('.')}`);
      });
    },
    onConnectionChange: (listener) => transport.onConnectionChange(listener),
  };
}
