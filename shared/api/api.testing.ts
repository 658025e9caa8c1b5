import { stationApi } from './contract';
import type { ApiHandlers } from './serve';
import { fail } from '../result';
import { domainError } from '../errors';

/**
 * A station for transport tests: the handlers given, and NOT_FOUND for every other call of the contract, so a
 * new call in `stationApi` needs no edit here or in the tests that use it.
 */
export function handlersWith(overrides: Partial<ApiHandlers>): ApiHandlers {
  const unused = () => fail(domainError('NOT_FOUND'));
  const all = Object.fromEntries(Object.keys(stationApi).map((method) => [method, unused]));
  return { ...all, ...overrides } as ApiHandlers;
}
