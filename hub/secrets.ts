// Secrets kept off the command line and out of logs, and files only their owner can read (issue 17,
// "Transport and files"; decision 0013). Used by the hub's CLI, the hub's store and keys, and the
// station's launcher.
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { resolve } from 'node:path';

const POSIX = process.platform !== 'win32';

/**
 * A folder only its owner may enter (0700), with any missing parents made so too. `tighten`: one that
 * already exists (an older version's data folder) is taken down to 0700 as well — never a shared folder
 * (sticky, like /tmp) nor the home folder, in case someone names one of those as the data folder.
 */
export function ownerOnlyDir(path: string, options: { tighten?: boolean } = {}): void {
  mkdirSync(path, { recursive: true, mode: 0o700 });
  if (!POSIX || !options.tighten) return;
  const full = resolve(path);
  const mode = statSync(full).mode;
  if ((mode & 0o1000) !== 0 || full === resolve(homedir()) || full === '/') return;
  if ((mode & 0o077) !== 0) chmodSync(full, 0o700);
}

/** Write a file only its owner may read (0600), whatever the umask and whatever mode it had. */
export function writeOwnerOnly(path: string, data: string | Uint8Array, flag: 'w' | 'wx' = 'w'): void {
  writeFileSync(path, data, { mode: 0o600, flag });
  if (POSIX) chmodSync(path, 0o600);
}

/** Take a file that already exists down to owner-only (0600); nothing when it does not exist. */
export function tightenFile(path: string): void {
  if (POSIX && existsSync(path)) chmodSync(path, 0o600);
}

/** A mode that lets the group or others read (the file's permission bits), on POSIX systems. */
export function readableByOthers(path: string): boolean {
  return POSIX && (statSync(path).mode & 0o077) !== 0;
}

/** How a secret is shown in logs: its length and last four characters, never the whole. */
export function maskSecret(secret: string): string {
  return secret.length <= 8
    ? `…(${secret.length} characters)`
    : `…${secret.slice(-4)} (${secret.length} characters)`;
}

export interface SecretSource {
  /** What the option is called, without the dashes: `token`, `pairing-token`. */
  name: string;
  /** The value given on the command line (visible in `ps` and npm's log: accepted, with a warning). */
  flag?: string | undefined;
  /** The file named by `--<name>-file`. */
  file?: string | undefined;
  /** The environment variable's name, and the environment to read it from. */
  envName?: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * A secret from, in this order, its file (`--token-file`), its environment variable, or the command line.
 * The command line still works but says why not (the value shows in `ps` and in npm's log). A file that
 * is missing, empty, or readable by others is a clear error or warning, and the secret is never in either.
 */
export function readSecret(source: SecretSource): { value: string | undefined; warnings: string[] } {
  const warnings: string[] = [];
  const given = [source.file !== undefined, source.flag !== undefined].filter(Boolean).length;
  if (given > 1) throw new Error(`give --${source.name} or --${source.name}-file, not both`);
  if (source.file !== undefined) {
    let text: string;
    try {
      text = readFileSync(source.file, 'utf8');
    } catch (error) {
      throw new Error(
        `--${source.name}-file ${source.file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      );
    }
    const value = text.trim();
    if (value === '') throw new Error(`--${source.name}-file ${source.file} is empty`);
    if (readableByOthers(source.file))
      warnings.push(
        `warning: ${source.file} can be read by other users of this computer; run: chmod 600 ${source.file}`,
      );
    return { value, warnings };
  }
  if (source.flag !== undefined) {
    if (source.flag === '') throw new Error(`--${source.name} is empty`);
    warnings.push(
      `warning: --${source.name} on the command line shows in the process list (ps) and in npm's log; ` +
        `put it in a file readable only by you and give --${source.name}-file FILE` +
        (source.envName ? ` (or set ${source.envName})` : ''),
    );
    return { value: source.flag, warnings };
  }
  const fromEnv = source.envName ? (source.env ?? process.env)[source.envName] : undefined;
  if (fromEnv !== undefined && fromEnv.trim() !== '') return { value: fromEnv.trim(), warnings };
  return { value: undefined, warnings };
}
