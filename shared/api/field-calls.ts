import { z } from 'zod';
import { ObjectId } from '../ids';
import { TeamTerminal } from '../field/terminal';
import { command, query } from './call';

/**
 * 外勤终端 (issue 19): pairing a team leader's phone to a team, from a signed-in console. The token is
 * shown once (with the page's address); the station keeps only its hash. Revoking ends the terminal.
 */
export const fieldCalls = {
  pairTeamTerminal: command(
    z.object({ teamId: ObjectId, label: z.string().trim().min(1).max(100) }),
    z.object({ terminalId: z.string(), token: z.string(), path: z.string() }),
  ),
  revokeTeamTerminal: command(z.object({ terminalId: z.string().min(1).max(64) }), z.object({})),
  teamTerminals: query(z.object({}).strict(), z.array(TeamTerminal)),
};
