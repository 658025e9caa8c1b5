import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadWarningDirectory, type WarningDirectory } from '../../shared/warnings/directory';
import type { WarningContact } from '../../shared/warnings/recipients';

/** The demo district's directory, shipped with the app. */
export const demoDirectoryPath = join(dirname(fileURLToPath(import.meta.url)), '../../resources/demo/wansheng-contacts.json');

/**
 * Township and village names of the demo district (resources/demo/wansheng.json), by code: how the
 * warning form names the areas. A station elsewhere names its areas from its directory.
 */
export function demoAreaNames(): Map<string, string> {
  const path = join(dirname(fileURLToPath(import.meta.url)), '../../resources/demo/wansheng.json');
  const demo = JSON.parse(readFileSync(path, 'utf8')) as {
    townships: Array<{ code: string; name: string; villages?: Array<{ code: string; name: string }> }>;
  };
  const names = new Map<string, string>();
  for (const t of demo.townships) {
    names.set(t.code, t.name);
    for (const v of t.villages ?? []) names.set(v.code, `${t.name}${v.name}`);
  }
  return names;
}

/** Read and validate a directory file; a bad file is refused whole with every bad field named. */
export function readWarningDirectory(path: string): WarningDirectory {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`warning directory ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const loaded = loadWarningDirectory(json);
  if (!loaded.ok)
    throw new Error(
      `warning directory ${path}: ${loaded.errors.map((e) => `${e.field ?? ''} ${e.detail ?? e.code}`).join('; ')}`,
    );
  return loaded.value;
}

/** Look-ups the warning service and the API need: a contact by id, and a contact's phones. */
export class ContactBook {
  private readonly byId: Map<string, WarningContact>;
  constructor(readonly contacts: readonly WarningContact[]) {
    this.byId = new Map(contacts.map((c) => [c.id, c]));
  }
  get(id: string): WarningContact | undefined {
    return this.byId.get(id);
  }
  phonesOf = (id: string): readonly string[] => this.byId.get(id)?.phones ?? [];
  nameOf = (id: string): string | undefined => this.byId.get(id)?.name;
}
