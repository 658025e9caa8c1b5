import { decideCredential, type CredentialCommand } from '../../shared/auth/credentials';
import { decideDelegation, delegationsFrom, delegationStream, type DelegationCommand } from '../../shared/auth/delegation';
import { stationFeature } from '../store/feature';
import { credentials } from './migrations/0180-credentials';
import type { RosterRepository } from '../roster/roster.store';
import { credentialQueries, type CredentialStore } from './credentials.store';

/** Sign-in at the station (issue 17): its station-local tables, never events, never synced. */
export interface AuthRepository {
  /** Sign-in's station-local tables (credentials.store.ts). */
  readonly credentials: CredentialStore;
}

/**
 * Identity at the station: delegations of signing (授权签发, on the station's own delegation stream) and
 * credential records (人员口令), decided against the roster feature's staff directory.
 */
export const authFeature = stationFeature<AuthRepository, Pick<RosterRepository, 'staff'>>({
  name: 'auth',
  migrations: [credentials],
  repository: (db) => ({ credentials: credentialQueries(db) }),
  decide: {
    delegation: (cmd, load, ctx) =>
      decideDelegation(
        cmd as DelegationCommand,
        { staff: load.read.staff(), recorded: delegationsFrom(load.events(delegationStream(load.stationId))) },
        ctx,
      ),
    credential: (cmd, load, ctx) => decideCredential(cmd as CredentialCommand, { staff: load.read.staff() }, ctx),
  },
});
