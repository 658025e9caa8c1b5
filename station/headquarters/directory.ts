import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadHolderDirectory, roleDirectoryOf, type HolderDirectoryFile } from '../../shared/headquarters/directory';
import type { RoleDirectory } from '../../shared/headquarters/plan';
import type { Person } from '../../shared/domain/common';

/** The demo district's office holders, shipped with the app. */
export const demoHolderDirectoryPath = join(dirname(fileURLToPath(import.meta.url)), '../../resources/demo/wansheng-roles.json');

/** Read and validate a directory file; a bad file is refused whole with every bad field named. */
export function readHolderDirectory(path: string): HolderDirectoryFile {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`role directory ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const loaded = loadHolderDirectory(json);
  if (!loaded.ok)
    throw new Error(
      `role directory ${path}: ${loaded.errors.map((e) => `${e.field ?? ''} ${e.detail ?? e.code}`).join('; ')}`,
    );
  return loaded.value;
}

/** Phones and home station of a person, by id (the headquarters events name people only by id). */
export class HolderBook {
  private readonly people = new Map<string, { person: Person; station?: string }>();
  constructor(readonly file: HolderDirectoryFile) {
    for (const h of file.holders) {
      if (!this.people.has(h.person.id))
        this.people.set(h.person.id, { person: h.person, ...(h.station ? { station: h.station } : {}) });
    }
  }
  /** role → person, as the activation preview reads it. */
  get directory(): RoleDirectory {
    return roleDirectoryOf(this.file);
  }
  phonesOf = (personId: string): readonly string[] => this.people.get(personId)?.person.phones ?? [];
  stationOf = (personId: string): string | undefined => this.people.get(personId)?.station;
}
