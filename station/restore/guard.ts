import { existsSync } from 'node:fs';
import { fetchHubHead } from '../verify/hub';
import { storeEventCount } from '../store/restorations';

/**
 * A station that starts on an empty store while its hub already holds its chain is a machine that was
 * lost and reinstalled (issue 21): its first event would start the chain again at #1, and the hub would
 * refuse that and everything after it. Asked once, before the first start of an empty store: when the hub
 * answers that it holds this station's events, the start is refused with what to do instead. A hub that
 * cannot be reached lets the start go on (a new duty room may well be offline): `warn` says so.
 */
export async function refuseNewChainOverHub(options: {
  storePath: string;
  hub: { url: string; token: string; ca?: string };
  timeoutMs?: number;
  warn?: (message: string) => void;
}): Promise<void> {
  if (existsSync(options.storePath) && storeEventCount(options.storePath) > 0) return;
  let held: number;
  try {
    const reply = await fetchHubHead(options.hub.url, options.hub.token, {
      ...(options.hub.ca !== undefined ? { ca: options.hub.ca } : {}),
      timeoutMs: options.timeoutMs ?? 5_000,
    });
    held = reply.anchor?.seq ?? 0;
  } catch (error) {
    options.warn?.(
      `未能向上级平台核实本站是否已有记录（${error instanceof Error ? error.message : String(error)}）；若本机是重装的，请联网后用 --restore-from-hub 启动 / ` +
        'could not ask the hub whether it holds this station already; if this machine was reinstalled, start with --restore-from-hub once the hub is reachable',
    );
    return;
  }
  if (held > 0)
    throw new Error(
      `上级平台已有本站 ${held} 条记录，而本机数据目录是空的：这是重装的值守台，请用 npm start -- --restore-from-hub 从上级平台恢复后再启动（否则新记录会被上级平台拒收） / ` +
        `the hub holds ${held} of this station's records but this data folder is empty: this is a reinstalled duty room; start with npm start -- --restore-from-hub (else the hub refuses its new records)`,
    );
}
