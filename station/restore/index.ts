import { chmodSync, constants, copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { openDatabase } from '../store/db';
import { storeEventCount } from '../store/restorations';
import { checkChain } from '../verify/chain';
import { logAudit } from '../store/audit';

export { RestoreError, restoreFromHub, type RestoreFromHubOptions, type RestoreOutcome } from './fromHub';
export { backupStation, backupsIn, scheduleBackups, stationOfBackup, type BackupResult } from './backup';

/**
 * Put a backup (already verified by the caller) in place of a station's store: copied beside the target
 * under a temporary name, 0600, its chain checked again, then renamed. A store already there is moved
 * aside — never deleted — and only when `force`; one that holds no events is simply replaced.
 */
export function placeBackup(options: { backup: string; target: string; force?: boolean }): {
  movedAside: string | null;
  events: number;
} {
  const { backup, target } = options;
  mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
  let movedAside: string | null = null;
  if (existsSync(target)) {
    const held = storeEventCount(target);
    if (held > 0 && !options.force)
      throw new Error(
        `${target} 已有本站记录（${held} 条）：加 --force 将其移到一旁后再恢复 / already holds ${held} events: add --force to move it aside and restore`,
      );
    if (held > 0) {
      movedAside = `${target}.replaced-${new Date().toISOString().replace(/[-:.]/g, '')}`;
      for (const suffix of ['', '-wal', '-shm'])
        if (existsSync(target + suffix)) renameSync(target + suffix, movedAside + suffix);
    }
  }
  const scratch = `${target}.restoring`;
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(scratch + suffix, { force: true });
  copyFileSync(backup, scratch, constants.COPYFILE_EXCL);
  if (process.platform !== 'win32') chmodSync(scratch, 0o600);
  let events: number;
  try {
    const db = openDatabase(scratch, { readonly: true });
    try {
      const chain = checkChain(logAudit(db), '');
      if (chain.broken)
        throw new Error(
          `复制后的记录链在第 ${chain.broken.pos} 位断开 / the copy's chain breaks at position ${chain.broken.pos}: ${chain.broken.reason.en}`,
        );
      events = chain.events;
    } finally {
      db.close();
    }
  } catch (error) {
    rmSync(scratch, { force: true });
    throw error;
  }
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(target + suffix, { force: true });
  renameSync(scratch, target);
  return { movedAside, events };
}
