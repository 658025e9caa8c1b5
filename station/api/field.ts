import { ok } from '../../shared/result';
import { stationApiFeature } from './context';

/**
 * 外勤终端 at the station API (issue 19): any signed-in person pairs or revokes a team's phone; the record
 * says who. The terminals themselves (station/field) are shared with the host's /field/ routes.
 */
export const fieldApi = stationApiFeature({
  name: 'field',
  open: ({ field, actorNow }) => ({
    handlers: {
      pairTeamTerminal: (input: { teamId: string; label: string }) => {
        const by = actorNow();
        return by.ok ? field.pair(by.value, input) : by;
      },
      revokeTeamTerminal: ({ terminalId }: { terminalId: string }) => {
        const by = actorNow();
        return by.ok ? field.revoke(by.value, terminalId) : by;
      },
      teamTerminals: () => ok(field.list()),
    },
  }),
});
