// `npm run verify -- --data DIR` — check a station's store for tampering (decision 0015), read-only.
//   npm run verify -- --data DIR [--station ID] [--hub URL --token-file FILE] [--hub-ca FILE] [--hub-key FILE] [--skip-projections]
// Environment: DUTYROOM_HUB_URL, DUTYROOM_HUB_TOKEN_FILE (or DUTYROOM_HUB_TOKEN), DUTYROOM_HUB_ANCHOR_KEY.
// Exit: 0 sound; 1 a mismatch; 2 a usage error or a store that cannot be opened; 3 sound offline, hub not compared.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { exitCodeOf, formatReport, verifyStoreFile } from './index';
import { publicKeyFromPem } from './signature';

function usage(message: string): never {
  console.error(
    `${message}\n用法 usage: npm run verify -- --data DIR [--station ID] [--hub URL --token-file FILE] [--hub-ca FILE] [--hub-key FILE] [--skip-projections]`,
  );
  process.exit(2);
}

let values: Record<string, string | boolean | undefined>;
try {
  values = parseArgs({
    options: {
      data: { type: 'string' },
      station: { type: 'string' },
      hub: { type: 'string' },
      'token-file': { type: 'string' },
      'hub-ca': { type: 'string' },
      'hub-key': { type: 'string' },
      'skip-projections': { type: 'boolean' },
      'timeout-ms': { type: 'string' },
    },
  }).values;
} catch (error) {
  usage(error instanceof Error ? error.message : String(error));
}

const env = process.env;
const dataDir = values.data as string | undefined;
if (!dataDir) usage('缺少 --data DIR（站点数据目录） / missing --data DIR (the station data folder)');
if (!existsSync(dataDir)) usage(`找不到目录 / no such folder: ${dataDir}`);

/** The store: `<station>.sqlite` in the folder, the only one there unless --station names it. */
function storePath(dir: string, station: string | undefined): { path: string; station: string } {
  if (station) {
    const path = join(dir, `${station}.sqlite`);
    if (!existsSync(path)) usage(`找不到站点数据库 / no store for station ${station}: ${path}`);
    return { path, station };
  }
  const stores = readdirSync(dir).filter((f) => f.endsWith('.sqlite') && f !== 'hub.sqlite');
  if (stores.length !== 1)
    usage(
      stores.length === 0
        ? `${dir} 中没有站点数据库 / no station store (*.sqlite) in ${dir}`
        : `${dir} 中有多个站点数据库，请用 --station 指定 / several stores in ${dir}, name one with --station: ${stores.join(', ')}`,
    );
  const file = stores[0];
  return { path: join(dir, file), station: basename(file, '.sqlite') };
}

const store = storePath(dataDir, values.station as string | undefined);
const hubUrl = (values.hub as string | undefined) ?? env.DUTYROOM_HUB_URL;
const tokenFile = (values['token-file'] as string | undefined) ?? env.DUTYROOM_HUB_TOKEN_FILE;
let token = env.DUTYROOM_HUB_TOKEN;
if (tokenFile) {
  if (!existsSync(tokenFile)) usage(`找不到令牌文件 / no such token file: ${tokenFile}`);
  token = readFileSync(tokenFile, 'utf8').trim();
}
if (hubUrl && !token)
  usage(
    '与上级平台核对需要令牌：--token-file FILE 或 DUTYROOM_HUB_TOKEN / comparing with the hub needs a token: --token-file FILE or DUTYROOM_HUB_TOKEN',
  );
const caFile = values['hub-ca'] as string | undefined;
const keyFile = (values['hub-key'] as string | undefined) ?? env.DUTYROOM_HUB_ANCHOR_KEY;
const timeoutMs = values['timeout-ms'] !== undefined ? Number(values['timeout-ms']) : undefined;
if (timeoutMs !== undefined && !(Number.isSafeInteger(timeoutMs) && timeoutMs > 0))
  usage(`--timeout-ms 须为正整数 / must be a whole number above 0`);

let hubKey;
if (keyFile) {
  try {
    hubKey = publicKeyFromPem(readFileSync(keyFile, 'utf8'));
  } catch (error) {
    usage(
      `无法读取上级平台公钥 / cannot read the hub key ${keyFile}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

try {
  const report = await verifyStoreFile({
    path: store.path,
    station: store.station,
    ...(hubUrl && token
      ? {
          hub: {
            url: hubUrl,
            token,
            ...(caFile ? { ca: readFileSync(caFile, 'utf8') } : {}),
            ...(timeoutMs !== undefined ? { timeoutMs } : {}),
          },
        }
      : {}),
    ...(hubKey ? { hubKey } : {}),
    ...(values['skip-projections'] ? { skipProjections: true } : {}),
  });
  console.log(formatReport(report));
  process.exit(exitCodeOf(report));
} catch (error) {
  console.error(
    `无法核验 / cannot verify ${store.path}: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(2);
}
