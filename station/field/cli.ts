// `npm run field -- …` — 外勤终端 from the command line (issue 19; decision 0025), on the station's own store:
//   npm run field -- pair --team TEAM_ID --label NAME [--data DIR] [--station ID] [--jurisdiction CODE]
//   npm run field -- revoke --terminal TERMINAL_ID [--data DIR …]
//   npm run field -- list [--data DIR …]
// --data, --station and --jurisdiction are read as `npm start` reads them (its site.json included), so the
// same flags find the same store. The token is printed once, inside the address to open on the phone.
// Exit: 0 done; 1 refused (unknown team, terminal revoked already…); 2 a usage error or no store.
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseStationArgs } from '../host/services';
import { openStationStore } from '../store';
import { fieldTerminals } from './terminals';

function usage(message: string): never {
  console.error(
    `${message}\n用法 usage: npm run field -- pair --team TEAM_ID --label NAME | revoke --terminal ID | list  [--data DIR] [--station ID] [--jurisdiction CODE]`,
  );
  process.exit(2);
}

const [verb, ...rest] = process.argv.slice(2);
if (verb !== 'pair' && verb !== 'revoke' && verb !== 'list') usage('缺少操作 / missing what to do: pair, revoke or list');
const { values } = parseArgs({
  args: rest,
  strict: false,
  options: { team: { type: 'string' }, label: { type: 'string' }, terminal: { type: 'string' } },
});
const station = parseStationArgs(rest);
const path = join(station.dataDir, 'station', `${station.stationId}.sqlite`);
if (!existsSync(path)) usage(`找不到站点数据库 / no store for station ${station.stationId}: ${path}`);

const store = openStationStore({ path, stationId: station.stationId, jurisdiction: station.jurisdiction });
const field = fieldTerminals({ store, clock: Date.now, jurisdiction: station.jurisdiction });
// Who paired or revoked, on record: the machine's user at the command line.
const by = { id: 'cli', name: `命令行（${userInfo().username}）` };
let code = 0;
try {
  if (verb === 'pair') {
    const team = typeof values.team === 'string' ? values.team : usage('缺少 --team / missing --team');
    const label = typeof values.label === 'string' ? values.label : usage('缺少 --label / missing --label');
    const paired = field.pair(by, { teamId: team, label });
    if (paired.ok) {
      console.log(`已配对 paired: ${paired.value.terminalId}`);
      console.log(`在队长手机上打开 open on the team leader's phone (shown once): https://<本站地址 station address>${paired.value.path}`);
    } else {
      for (const e of paired.errors) console.error(`${e.message.zh} / ${e.message.en} (${e.field ?? ''})`);
      code = 1;
    }
  } else if (verb === 'revoke') {
    const id = typeof values.terminal === 'string' ? values.terminal : usage('缺少 --terminal / missing --terminal');
    const revoked = field.revoke(by, id);
    if (revoked.ok) console.log(`已撤销 revoked: ${id}`);
    else {
      for (const e of revoked.errors) console.error(`${e.message.zh} / ${e.message.en}`);
      code = 1;
    }
  } else {
    for (const t of field.list())
      console.log(
        [t.id, t.team.id, t.team.name, t.label, t.createdAt, t.createdBy, t.revokedAt ? `撤销 revoked ${t.revokedAt} ${t.revokedBy ?? ''}` : '有效 live'].join('\t'),
      );
  }
} finally {
  store.close();
}
process.exit(code);
