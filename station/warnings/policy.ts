import { readFileSync } from 'node:fs';
import { defaultWarningPolicy, loadWarningPolicy, type WarningPolicy } from '../../shared/warnings/policy';

/**
 * The call-and-response rules in force (answer limit per tier, reminders, escalation): a JSON file
 * (shared/warnings/policy.ts `WarningPolicy`, each value with its source) or the built-in default from
 * Tianjin's text. A bad file stops the start with every bad field named, rather than run on guesses.
 */
export function readWarningPolicy(path: string | undefined): WarningPolicy {
  if (!path) return defaultWarningPolicy;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`warning policy ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const loaded = loadWarningPolicy(json);
  if (!loaded.ok)
    throw new Error(
      `warning policy ${path}: ${loaded.errors.map((e) => `${e.field ?? ''} ${e.detail ?? e.code}`).join('; ')}`,
    );
  return loaded.value;
}
