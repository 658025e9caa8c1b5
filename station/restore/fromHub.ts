import { chmodSync, constants, copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import type { z } from 'zod';
import {
  AnchorReplyMessage,
  DigestReplyMessage,
  MAX_PULL_EVENTS,
  PullRangeReplyMessage,
  type Anchor,
  type AnchorPublicKey,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '../../shared/sync/protocol';
import { sameDigest, type WireDigest } from '../../shared/sync/digest';
import { toInstant } from '../../shared/time';
import { openStationStore, type StationStoreOptions } from '../store';
import type { Restoration } from '../store/restorations';
import { checkAnchors, checkChain } from '../verify/chain';
import { anchorSignatureProblem } from '../verify/signature';

/*
 * `npm start -- --restore-from-hub` (issue 21, decision 0020): a duty room whose disk died is reinstalled
 * under the same station id and token, and its store is rebuilt from the hub before anything else runs.
 * Everything its jurisdiction may see — its own events included — comes back through the hub's repair
 * path (`pullRange`), is checked event by event on ingest, then as a whole: the hub's digest of (0, head]
 * against the copy's, every hash and chain link, and the station's own chain head against the anchor the
 * hub signs for it. Only then is the copy put in place of the (absent or empty) store, so the station's
 * next event follows the last one the hub acknowledged and the hub takes it. What the lost machine had
 * not delivered is gone: the restoration is recorded (restorations.ts) and the console says so.
 */

/** A restore that could not be made; the store was left as it was. Both languages for the terminal. */
export class RestoreError extends Error {
  constructor(
    readonly zh: string,
    readonly en: string,
  ) {
    super(`${zh} / ${en}`);
    this.name = 'RestoreError';
  }
}

export interface RestoreFromHubOptions {
  url: string;
  token: string;
  /** The site CA (PEM) an https hub's certificate must chain to. */
  ca?: string;
  /** Where the station's store lives (`<data>/station/<id>.sqlite`); absent or holding no events. */
  store: Omit<StationStoreOptions, 'integrityCheck'>;
  /**
   * Start the copy from this store file (a verified backup, `npm run restore`) instead of an empty one:
   * the hub then tops it up with what was delivered after the backup, own events included.
   */
  seedFrom?: string;
  /** Replace a store that holds events (the restore command's --force, which moved it aside first). */
  replace?: boolean;
  /**
   * The hub's anchor key given by file (DUTYROOM_HUB_ANCHOR_KEY): the hub must show this one. Without it
   * the key the hub shows is pinned — the lost disk took the pinned one with it.
   */
  pinnedKey?: AnchorPublicKey;
  clock?: () => number;
  timeoutMs?: number;
  pageSize?: number;
  /** Each page brought back: events held so far and the hub's head. */
  onProgress?: (held: number, head: number) => void;
}

export type RestoreOutcome = Omit<Restoration, 'id'> & { ms: number };

const hubSeqOf = (e: unknown): number => {
  const seq = (e as { hubSeq?: unknown } | null)?.hubSeq;
  return typeof seq === 'number' && Number.isSafeInteger(seq) ? seq : 0;
};

/** Rebuild the station's store from the hub; resolves with what came back, or rejects with a RestoreError. */
export async function restoreFromHub(options: RestoreFromHubOptions): Promise<RestoreOutcome> {
  const clock = options.clock ?? Date.now;
  const started = clock();
  const timeoutMs = options.timeoutMs ?? 15_000;
  const pageSize = Math.min(options.pageSize ?? MAX_PULL_EVENTS, MAX_PULL_EVENTS);
  const { path, stationId } = options.store;
  if (!options.replace) refuseHeldStore(options.store);
  // The station's folder is its owner's only, as the launcher makes it (decision 0013).
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });

  // The copy is built beside the store and put in place only once it has passed every check.
  const scratch = `${path}.restoring`;
  removeDatabase(scratch);
  if (options.seedFrom !== undefined) {
    copyFileSync(options.seedFrom, scratch, constants.COPYFILE_EXCL);
    chmodSync(scratch, 0o600);
  }
  const store = openStationStore({ ...options.store, path: scratch });
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(options.url, {
    auth: { token: options.token },
    transports: ['websocket'],
    reconnection: false,
    timeout: timeoutMs,
    ...(options.ca !== undefined ? { ca: options.ca, rejectUnauthorized: true } : {}),
  });
  let outcome: RestoreOutcome;
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', (error) =>
        reject(
          new RestoreError(
            `无法连接上级平台 ${options.url}：${error.message}`,
            `the hub ${options.url} refused or could not be reached: ${error.message}`,
          ),
        ),
      );
    });
    const ask = async <S extends z.ZodType>(
      name: 'anchor' | 'digest' | 'pullRange',
      body: unknown,
      schema: S,
    ): Promise<Extract<z.infer<S>, { ok: true }>> => {
      const raw: unknown = await socket.timeout(timeoutMs).emitWithAck(name, body);
      const reply = schema.safeParse(raw);
      if (!reply.success)
        throw new RestoreError(`上级平台对 ${name} 的答复格式不对`, `malformed ${name} reply from the hub`);
      const data = reply.data as { ok: boolean; errors?: Array<{ code?: string; detail?: string }> };
      if (!data.ok) {
        const why = (data.errors ?? []).map((e) => `${e.code ?? ''} ${e.detail ?? ''}`.trim()).join('; ');
        throw new RestoreError(`上级平台拒绝 ${name}：${why}`, `the hub refused ${name}: ${why}`);
      }
      return reply.data as Extract<z.infer<S>, { ok: true }>;
    };

    // 1. The hub's signed copy of this station's chain head, and the key it signs with.
    const head = await ask('anchor', {}, AnchorReplyMessage);
    const key = options.pinnedKey ?? head.publicKey;
    if (options.pinnedKey && options.pinnedKey.keyId !== head.publicKey.keyId)
      throw new RestoreError(
        `上级平台的签名公钥 ${head.publicKey.keyId} 不是给出的公钥 ${options.pinnedKey.keyId}：不予恢复，请核实上级平台`,
        `the hub signs with key ${head.publicKey.keyId}, not the one given (${options.pinnedKey.keyId}): not restored; check the hub`,
      );
    const anchor: Anchor | null = head.anchor;
    if (anchor) {
      const problem =
        anchor.station === stationId ? anchorSignatureProblem(anchor, key) : `it is for ${anchor.station}`;
      if (problem)
        throw new RestoreError(
          `上级平台对本站记录头的签名无效（${problem}）`,
          `the hub's signature over this station's head does not verify (${problem})`,
        );
    }

    // 2. What the hub says this station should hold: the digest of (0, head].
    const summed = await digestOf(ask, null);
    const hubHead = summed.head;

    // 3. Everything visible to the jurisdiction up to that head, its own events included, page by page.
    let after = 0;
    while (hubHead > 0 && after < hubHead) {
      const page = await ask(
        'pullRange',
        { after, through: hubHead, limit: pageSize },
        PullRangeReplyMessage,
      );
      // Events a backup already holds come back as duplicates and are skipped.
      const result = store.ingestRemote(page.events);
      const refused = result.rejected[0];
      if (refused)
        throw new RestoreError(
          `上级平台发来的事件 ${refused.id ?? ''} 未通过核验：${refused.errors.map((e) => e.detail ?? e.code).join('；')}`,
          `an event from the hub (${refused.id ?? ''}) failed its check: ${refused.errors.map((e) => e.detail ?? e.code).join('; ')}`,
        );
      options.onProgress?.(store.lastPosition(), hubHead);
      if (!page.more || page.events.length === 0) break;
      after = Math.max(after, ...page.events.map(hubSeqOf));
    }

    // 4. The copy holds exactly what the hub summed: then the pull cursor stands at the head.
    const held = store.visibleDigest(0, hubHead);
    if (hubHead > 0 && !sameDigest(held, summed.digest))
      throw new RestoreError(
        `取回的记录与上级平台的摘要不符（取回 ${held.n} 条，上级平台列出 ${summed.digest.n} 条）`,
        `what came back does not match the hub's digest (${held.n} events held, the hub lists ${summed.digest.n})`,
      );
    store.ingestRemote([], { cursor: hubHead });

    // 5. Every hash and chain link, and this station's own head against the hub's signed anchor.
    const log = store.tamper.log;
    const chain = checkChain(log, stationId);
    if (chain.broken)
      throw new RestoreError(
        `取回的记录链在第 ${chain.broken.pos} 位断开：${chain.broken.reason.zh}`,
        `the restored chain breaks at position ${chain.broken.pos}: ${chain.broken.reason.en}`,
      );
    const own = log.tailOf(stationId);
    if (anchor) {
      const checked = checkAnchors([anchor], key, log, stationId);
      const found = checked.findings[0];
      if (found) throw new RestoreError(found.zh, found.en);
      // Past the anchor only with events of a backup the hub never received: they go out at the next sync.
      if ((own?.seq ?? 0) < anchor.seq)
        throw new RestoreError(
          `上级平台签收本站到第 ${anchor.seq} 条，取回的只到第 ${own?.seq ?? 0} 条`,
          `the hub signed this station up to #${anchor.seq}, but what came back ends at #${own?.seq ?? 0}`,
        );
    } else if (own && options.seedFrom === undefined)
      throw new RestoreError(
        '上级平台称没有本站任何记录，取回的却有本站记录',
        'the hub says it holds none of this station’s events, yet some came back',
      );

    // 6. Keep the hub's key and its anchor, and record what came back and what could not.
    const now = toInstant(clock());
    store.tamper.anchors.pin(key, options.pinnedKey ? 'file' : 'hub', now);
    if (anchor) store.tamper.anchors.add(anchor, now);
    const lastOwn = anchor ? log.eventAt(stationId, anchor.seq) : undefined;
    const lastRow = lastOwn ? log.rowAt(lastOwn.pos) : undefined;
    const restoration: Omit<Restoration, 'id'> = {
      restoredAt: now,
      source: options.url,
      hubHead,
      events: store.lastPosition(),
      ownSeq: anchor?.seq ?? 0,
      ownHash: anchor?.head ?? null,
      lastAckedRecordedAt: lastRow
        ? ((JSON.parse(lastRow.envelope) as { recordedAt?: string }).recordedAt ?? null)
        : null,
      keyId: key.keyId,
    };
    store.restorations.add(restoration);
    const verified = store.verify();
    if (!verified.ok)
      throw new RestoreError(
        `恢复后的记录未通过核验：${verified.reason}`,
        `the restored store failed its check: ${verified.reason}`,
      );
    outcome = { ...restoration, ms: clock() - started };
  } catch (error) {
    socket.disconnect();
    store.close();
    removeDatabase(scratch);
    if (error instanceof RestoreError) throw error;
    const why = error instanceof Error ? error.message : String(error);
    throw new RestoreError(`从上级平台恢复失败：${why}`, `restore from the hub failed: ${why}`);
  }
  socket.disconnect();
  // Closing the only connection folds the WAL into the file: the copy is one file when it is moved.
  store.close();
  removeDatabase(path);
  renameSync(scratch, path);
  return outcome;
}

/** The hub's digest of (0, through] (through null: its head), asking again while it leaves the range for later. */
async function digestOf(
  ask: <S extends z.ZodType>(
    name: 'digest',
    body: unknown,
    schema: S,
  ) => Promise<Extract<z.infer<S>, { ok: true }>>,
  through: number | null,
): Promise<{ head: number; digest: WireDigest }> {
  for (let round = 0; round < 200; round += 1) {
    const reply = await ask('digest', { ranges: [[0, through]] }, DigestReplyMessage);
    const digest = reply.digests[0];
    if (reply.head === 0) return { head: 0, digest: { n: 0, x: '0'.repeat(16) } };
    if (digest) return { head: reply.head, digest };
    await new Promise((r) => setTimeout(r, Math.min(500, 10 * (round + 1))));
  }
  throw new RestoreError('上级平台未能给出摘要', 'the hub did not finish its digest');
}

/** A store that holds events is never overwritten: restore-from-hub is for a station that lost its disk. */
function refuseHeldStore(options: Omit<StationStoreOptions, 'integrityCheck'>): void {
  if (!existsSync(options.path)) return;
  const existing = openStationStore(options);
  const events = existing.lastPosition();
  existing.close();
  if (events > 0)
    throw new RestoreError(
      `数据目录中已有本站记录（${events} 条，${options.path}）：从上级平台恢复只用于空的数据目录，请换用新的数据目录或先移走该文件`,
      `the data folder already holds this station's records (${events} events, ${options.path}): restore from the hub fills an empty one; use a new data folder or move the file away first`,
    );
}

/** A database file and the journal files SQLite keeps beside it. */
function removeDatabase(path: string): void {
  for (const file of [path, `${path}-wal`, `${path}-shm`, `${path}-journal`]) rmSync(file, { force: true });
}
