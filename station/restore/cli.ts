// `npm run restore -- --from BACKUP --data DIR` — put a verified backup of a station in place (issue 21).
//   npm run restore -- --from FILE|FOLDER --data DIR [--station ID] [--force]
//                      [--hub URL --token-file FILE [--hub-ca FILE] [--jurisdiction CODE]]
// DIR is the launcher's data folder (`npm start -- --data DIR`); the store goes to DIR/station/<ID>.sqlite.
// A folder as --from: the newest backup of the station in it. The backup is checked whole (SQLite, chain,
// anchors, projections) before anything is touched; a store already there is moved aside only with --force.
// With --hub, what the hub received after the backup (this station's own events included) is fetched and
// checked too, so the station's next event follows the last one the hub acknowledged.
// Stop the station before restoring. Exit: 0 restored; 1 the backup failed its check; 2 usage or I/O.
import { existsSync, readFileSync, renameSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { exitCodeOf, formatReport, verifyStoreFile } from '../verify/index';
import { publicKeyFromPem } from '../verify/signature';
import { placeBackup, RestoreError, restoreFromHub } from './index';
import { backupsIn, stationOfBackup } from './backup';

function usage(message: string): never {
  console.error(
    `${message}\n用法 usage: npm run restore -- --from FILE|FOLDER --data DIR [--station ID] [--force] [--hub URL --token-file FILE [--hub-ca FILE] --jurisdiction CODE]`,
  );
  process.exit(2);
}

let values: Record<string, string | boolean | undefined>;
try {
  values = parseArgs({
    options: {
      from: { type: 'string' },
      data: { type: 'string' },
      station: { type: 'string' },
      force: { type: 'boolean' },
      hub: { type: 'string' },
      'token-file': { type: 'string' },
      'hub-ca': { type: 'string' },
      jurisdiction: { type: 'string' },
    },
  }).values;
} catch (error) {
  usage(error instanceof Error ? error.message : String(error));
}

const from = values.from as string | undefined;
const data = values.data as string | undefined;
if (!from) usage('缺少 --from（备份文件或备份目录） / missing --from (a backup file or folder)');
if (!data) usage('缺少 --data DIR（站点数据目录） / missing --data DIR (the station data folder)');
if (!existsSync(from)) usage(`找不到备份 / no such backup: ${from}`);

let backup = resolve(from);
let station = values.station as string | undefined;
if (statSync(backup).isDirectory()) {
  const found = backupsIn(backup, station);
  const stations = new Set(found.map((f) => stationOfBackup(basename(f))));
  if (found.length === 0) usage(`${backup} 中没有${station ? `站点 ${station} 的` : ''}备份 / no backup${station ? ` of ${station}` : ''} in ${backup}`);
  if (!station && stations.size > 1)
    usage(`${backup} 中有多个站点的备份，请用 --station 指定 / backups of several stations in ${backup}, name one with --station: ${[...stations].join(', ')}`);
  backup = found.at(-1) as string;
}
station ??= stationOfBackup(basename(backup));
if (!station) usage(`无法从文件名得知站点，请用 --station 指定 / name the station with --station (the file name does not say): ${backup}`);

console.log(`备份 / backup: ${backup}`);
const report = await verifyStoreFile({ path: backup, station }).catch((error: unknown) =>
  usage(`无法读取备份 / cannot read the backup: ${error instanceof Error ? error.message : String(error)}`),
);
console.log(formatReport(report));
if (exitCodeOf(report) === 1) {
  console.error('备份未通过核验，未恢复 / the backup failed its check: nothing was restored');
  process.exit(1);
}

const target = join(resolve(data), 'station', `${station}.sqlite`);
const hub = values.hub as string | undefined;
try {
  if (hub) {
    const tokenFile = (values['token-file'] as string | undefined) ?? process.env.DUTYROOM_HUB_TOKEN_FILE;
    const token = tokenFile ? readFileSync(tokenFile, 'utf8').trim() : process.env.DUTYROOM_HUB_TOKEN;
    if (!token) usage('与上级平台核对需要令牌：--token-file FILE / the hub needs its token: --token-file FILE');
    const jurisdiction = values.jurisdiction as string | undefined;
    if (!jurisdiction) usage('与上级平台核对需要 --jurisdiction CODE / the hub comparison needs --jurisdiction CODE');
    const caFile = values['hub-ca'] as string | undefined;
    const keyFile = process.env.DUTYROOM_HUB_ANCHOR_KEY;
    const moved = values.force ? moveAside(target) : null;
    const outcome = await restoreFromHub({
      url: hub,
      token,
      ...(caFile ? { ca: readFileSync(caFile, 'utf8') } : {}),
      store: { path: target, stationId: station, jurisdiction },
      seedFrom: backup,
      replace: values.force === true,
      ...(keyFile ? { pinnedKey: publicKeyFromPem(readFileSync(keyFile, 'utf8')) } : {}),
    });
    if (moved) console.log(`原数据库已移到 / the store that was there is now ${moved}`);
    console.log(
      `已恢复到 ${target}：上级平台到第 ${outcome.hubHead} 号，本站签收到第 ${outcome.ownSeq} 条（记于 ${outcome.lastAckedRecordedAt ?? '—'}） / ` +
        `restored to ${target}: the hub up to #${outcome.hubHead}, this station acknowledged up to #${outcome.ownSeq} (recorded ${outcome.lastAckedRecordedAt ?? '—'})`,
    );
  } else {
    const placed = placeBackup({ backup, target, force: values.force === true });
    if (placed.movedAside) console.log(`原数据库已移到 / the store that was there is now ${placed.movedAside}`);
    console.log(`已恢复到 / restored to ${target}`);
    console.log(
      '注意：备份之后送达上级平台的本站记录，站点下次连接上级平台时会取回；在此之前请勿录入新记录（或加 --hub 现在取回） / ' +
        'note: what this station delivered to the hub after the backup comes back at its next connection; record nothing before that (or add --hub to fetch it now)',
    );
  }
} catch (error) {
  if (error instanceof RestoreError) {
    console.error(`未恢复 / not restored: ${error.zh}\n  ${error.en}`);
    process.exit(1);
  }
  console.error(`未恢复 / not restored: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
}

/** --force with --hub: the store that was there, moved aside (never deleted); null when there was none. */
function moveAside(path: string): string | null {
  if (!existsSync(path)) return null;
  const aside = `${path}.replaced-${new Date().toISOString().replace(/[-:.]/g, '')}`;
  for (const suffix of ['', '-wal', '-shm']) if (existsSync(path + suffix)) renameSync(path + suffix, aside + suffix);
  return aside;
}
