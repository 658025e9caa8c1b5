import type { z } from 'zod';
import { domainError, fromZodError } from '../errors';
import { fail, type Result } from '../result';
import { ApiRequest, StationPush, stationApi, type ApiMethod } from './contract';

/** The station side of each call: receives validated input, returns a Result of the output's input form. */
export type ApiHandlers = {
  [M in ApiMethod]: (
    input: z.output<(typeof stationApi)[M]['input']>,
  ) =>
    | Result<z.input<(typeof stationApi)[M]['output']>>
    | Promise<Result<z.input<(typeof stationApi)[M]['output']>>>;
};

export type ApiDispatcher = (request: unknown) => Promise<Result<unknown>>;

/**
 * Turn handlers into the single entry point both transports call. A request is refused whole, with
 * each bad field named, before any handler runs; a handler's output is checked on the way out too.
 */
export function createApiDispatcher(
  handlers: ApiHandlers,
  onBug: (error: unknown) => void = () => {},
): ApiDispatcher {
  return async (raw) => {
    const request = ApiRequest.safeParse(raw);
    if (!request.success) {
      if (
        raw &&
        typeof raw === 'object' &&
        'method' in raw &&
        typeof raw.method === 'string' &&
        !(raw.method in stationApi)
      ) {
        return fail(domainError('UNKNOWN_COMMAND', 'method', raw.method.slice(0, 100)));
      }
      return fail(...fromZodError(request.error));
    }
    const { method } = request.data;
    const spec = stationApi[method];
    const input = spec.input.safeParse(request.data.input ?? {});
    if (!input.success) return fail(...fromZodError(input.error, 'input'));
    let result: Result<unknown>;
    try {
      const handler = handlers[method] as (input: unknown) => Result<unknown> | Promise<Result<unknown>>;
      result = await handler(input.data);
    } catch (error) {
      onBug(error);
      return fail(domainError('INVALID_REPLY', method, 'internal error'));
    }
    if (!result.ok) return result;
    const output = (spec.output as z.ZodType).safeParse(result.value);
    if (!output.success) {
      onBug(new Error(`${method} produced output outside the contract: ${output.error.message}`));
      return fail(domainError('INVALID_REPLY', method));
    }
    return { ok: true, value: output.data };
  };
}

/** Check a push before it leaves the station; a push outside the contract is a bug, never sent. */
export function checkedPush(push: StationPush): StationPush {
  return StationPush.parse(push);
}
