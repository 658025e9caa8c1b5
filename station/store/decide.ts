import type { Command } from '../../shared/commands/catalog';
import type { DecideContext } from '../../shared/aggregates/context';
import type { EventDraft } from '../../shared/events/envelope';
import type { DecideLoad } from './feature';
import { features, type FeatureRepositories } from '../features';
import { domainError } from '../../shared/errors';
import { fail, type Result } from '../../shared/result';

/**
 * Load the state a command is decided against, then ask the pure decider: the decider of the feature
 * module that owns the command's aggregate (station/features.ts), found by one Map lookup.
 */
export function decideCommand(
  cmd: Command,
  load: DecideLoad<FeatureRepositories>,
  ctx: DecideContext,
): Result<EventDraft[]> {
  const decide = features.deciders.get(cmd.type.slice(0, cmd.type.indexOf('.')));
  if (decide) return decide(cmd, load, ctx);
  return fail(domainError('UNKNOWN_COMMAND', 'type', `no decider for ${cmd.type}`));
}
