import { createApiDispatcher, type ApiHandlers } from '../../shared/api/serve';
import type { SiteSetupInput } from '../../shared/api/setup-calls';
import { stationApi } from '../../shared/api/contract';
import { domainError } from '../../shared/errors';
import { fail, ok, type Result } from '../../shared/result';
import type { StationApi } from '../api';
import { FIRST_RUN_ACTOR, newScreen } from '../auth/service';
import type { ScreenKind } from '../../shared/auth/schemas';
import type { StationServices } from '../host/services';
import { importDirectories, type DirectoryImport } from './directories';
import { setupHandlers, type ApplySite } from './handlers';

/**
 * What the browser-mode host needs of an API: screens joining and pushes; the rest of the station's (the phone
 * page…) is absent while the first-run screen is up.
 */
export type HostApi = Pick<StationApi, 'connect' | 'subscribe'> & Partial<Omit<StationApi, 'connect' | 'subscribe'>>;

/**
 * A station started with `--setup` has no store yet: its screens get the first-run calls only, every other
 * call of the contract is refused with SETUP_REQUIRED (the window shows the set-up screen and asks nothing else).
 */
export function setupApi(options: { dataDir: string; apply: ApplySite; onBug?: (error: unknown) => void }): HostApi {
  const refuse = () => fail(domainError('SETUP_REQUIRED'));
  const handlers = {
    ...Object.fromEntries(Object.keys(stationApi).map((m) => [m, refuse])),
    ...setupHandlers({ dataDir: options.dataDir, apply: options.apply }),
  } as ApiHandlers;
  const dispatch = createApiDispatcher(handlers, options.onBug);
  return {
    connect: (kind: ScreenKind, throttleKey: string) => ({ screen: newScreen(kind, throttleKey), dispatch }),
    subscribe: () => () => {},
  };
}

/**
 * The host's API that becomes the station's once the set-up has started it: sockets that join after the switch
 * (the set-up screen reloads) are the running station's screens.
 */
export function switchableApi(first: HostApi): HostApi & { use(next: HostApi): void } {
  let current = first;
  const use = (next: HostApi) => {
    current = next;
  };
  // Every member read is the current API's, whatever the station's API grows (the phone page, the field page…).
  return new Proxy({} as HostApi & { use(next: HostApi): void }, {
    get: (_target, key) => {
      if (key === 'use') return use;
      const value = (current as Record<string | symbol, unknown>)[key];
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(current) : value;
    },
  });
}

/**
 * The running station as the set-up asked: its directories imported through commands, then the administrator
 * (a person of the imported directory when the name is theirs) set up with their PIN. A station that already has
 * an administrator (set up again on the same data) keeps it.
 */
export async function completeSetup(
  services: Pick<StationServices, 'station'>,
  input: SiteSetupInput,
): Promise<Result<DirectoryImport>> {
  const { station } = services;
  const imported = await importDirectories(station.store, input.directories, FIRST_RUN_ACTOR);
  if (!imported.ok) return imported;
  const admin = await station.api.auth.setUpAdministrator(newScreen('console', 'setup'), input.admin);
  if (!admin.ok && !admin.errors.every((e) => e.code === 'ALREADY_EXISTS')) return admin;
  return ok(imported.value);
}
