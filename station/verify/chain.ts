import { chainLink, nodeSha256 } from '../store/log';
import type { LogAudit } from '../store/audit';
import type { AnchorBook, PinnedKey, StoredAnchor, VerifiedPoint } from '../store/anchors';
import type { Anchor, AnchorPublicKey } from '../../shared/sync/protocol';
import { anchorSignatureProblem } from './signature';
import { finding, MAX_FINDINGS_PER_CHECK, type Finding } from './findings';

/*
 * The chain check (decision 0015). Offline it proves that the log is the one the station wrote and the
 * hub signed: every row hashes to its hash, every local chain link follows the one before, every event
 * names its station's previous event, this station's own sequence has no gap, and every anchor the hub
 * signed matches the event at its sequence. What it cannot prove offline: that nothing was cut off after
 * the newest anchor the log still holds — a tail trimmed together with its newest anchors leaves a log
 * that is sound in itself. Only the hub's copy of the head shows that (compareWithHub).
 */

export interface ChainResult {
  /** Rows read. */
  events: number;
  /** The first broken row, if any (the check stops there: every later link breaks with it). */
  broken?: { pos: number; eventId: string; reason: { zh: string; en: string } };
  /** Where the check ended: the last row read and its chain value. */
  lastPos: number;
  lastChain: string;
}

/** Read the log after `from` (the whole log without it) and check every row. */
export function checkChain(
  log: LogAudit,
  station: string,
  from?: { pos: number; chain: string },
): ChainResult {
  let chain = from?.chain ?? '';
  let lastPos = from?.pos ?? 0;
  let events = 0;
  const tails = new Map<string, { seq: number; hash: string }>();
  let ownSeq = from ? (ownSeqBefore(log, station, from.pos) ?? 0) : 0;
  for (const r of log.rowsAfter(lastPos)) {
    const broken = (zh: string, en: string): ChainResult => ({
      events,
      broken: { pos: r.pos, eventId: r.id, reason: { zh, en } },
      lastPos,
      lastChain: chain,
    });
    if (nodeSha256(r.envelope) !== r.hash)
      return broken('事件内容与其哈希不符（被改动过）', 'the event content does not match its hash');
    const next = chainLink(chain, r.hash);
    if (next !== r.chain)
      return broken('本地链接与前一条事件接不上', 'the local chain link does not follow the previous event');
    let body: { id?: unknown; station?: unknown; stationSeq?: unknown; prevHash?: unknown };
    try {
      body = JSON.parse(r.envelope) as typeof body;
    } catch {
      return broken('事件内容不是有效的 JSON', 'the event content is not valid JSON');
    }
    if (body.id !== r.id || body.station !== r.station || body.stationSeq !== r.station_seq)
      return broken(
        '索引列与已哈希的事件内容不一致',
        'the indexed columns disagree with the hashed envelope',
      );
    if (r.station_seq === 1) {
      if (body.prevHash !== null)
        return broken('站点的第一条事件却指向前一条', 'the first event of a station names a predecessor');
    } else {
      const seen = tails.get(r.station);
      const previous =
        seen && seen.seq === r.station_seq - 1
          ? { hash: seen.hash }
          : log.eventAt(r.station, r.station_seq - 1);
      if (previous && previous.hash !== body.prevHash)
        return broken(
          `事件未接续 ${r.station} 第 ${r.station_seq - 1} 条`,
          `the event does not follow ${r.station} #${r.station_seq - 1}`,
        );
    }
    if (r.station === station) {
      if (r.station_seq !== ownSeq + 1)
        return broken(
          `本站事件序号不连续：第 ${ownSeq} 条之后是第 ${r.station_seq} 条`,
          `this station's sequence jumps from #${ownSeq} to #${r.station_seq}`,
        );
      ownSeq = r.station_seq;
    }
    const tail = tails.get(r.station);
    if (!tail || r.station_seq > tail.seq) tails.set(r.station, { seq: r.station_seq, hash: r.hash });
    chain = next;
    lastPos = r.pos;
    events += 1;
  }
  return { events, lastPos, lastChain: chain };
}

/** This station's highest sequence at or before log position `pos` (own events enter the log in order). */
function ownSeqBefore(log: LogAudit, station: string, pos: number): number | undefined {
  const tail = log.tailOf(station);
  if (!tail) return undefined;
  const at = log.eventAt(station, tail.seq);
  if (at && at.pos <= pos) return tail.seq;
  // Own events after `pos` exist: step back to the last one at or before it.
  let lo = 0;
  let hi = tail.seq;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    const e = log.eventAt(station, mid);
    if (e && e.pos <= pos) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Check anchors against the log: each signed by the pinned key, for this station, matching the event at its sequence. */
export function checkAnchors(
  anchors: Iterable<StoredAnchor | Anchor>,
  key: PinnedKey | AnchorPublicKey | undefined,
  log: LogAudit,
  station: string,
): { findings: Finding[]; checked: number; newestSeq: number } {
  const findings: Finding[] = [];
  let checked = 0;
  let newestSeq = 0;
  const counts = { signature: 0, missing: 0, differs: 0 };
  const tail = log.tailOf(station);
  for (const a of anchors) {
    checked += 1;
    newestSeq = Math.max(newestSeq, a.seq);
    if (!key) {
      if (checked === 1)
        findings.push(
          finding(
            'anchors',
            'no-key',
            '存有上级平台签名的锚点，但本站没有固定的上级平台公钥，无法核验',
            'anchors are stored but no hub key is pinned: they cannot be checked',
          ),
        );
      continue;
    }
    const problem =
      a.station === station ? anchorSignatureProblem(a, key) : `the anchor is for station ${a.station}`;
    if (problem) {
      if (counts.signature++ < MAX_FINDINGS_PER_CHECK)
        findings.push(
          finding(
            'anchors',
            `signature|${a.seq}|${a.signature.slice(0, 16)}`,
            `第 ${a.seq} 条的锚点签名无效（${problem}）`,
            `the anchor for #${a.seq} does not verify (${problem})`,
          ),
        );
      continue;
    }
    const event = log.eventAt(station, a.seq);
    if (!event) {
      if (counts.missing++ < MAX_FINDINGS_PER_CHECK)
        findings.push(
          finding(
            'anchors',
            `missing|${a.seq}`,
            `上级平台已签收本站第 ${a.seq} 条，但本地记录只到第 ${tail?.seq ?? 0} 条：记录尾部被删除`,
            `the hub signed this station's head at #${a.seq}, but the log ends at #${tail?.seq ?? 0}: its tail was cut off`,
          ),
        );
      continue;
    }
    if (event.hash !== a.head) {
      if (counts.differs++ < MAX_FINDINGS_PER_CHECK)
        findings.push(
          finding(
            'anchors',
            `differs|${a.seq}`,
            `本站第 ${a.seq} 条与上级平台签收时不同：该条或其之前的记录被改写后重新封存`,
            `this station's event #${a.seq} is not the one the hub signed: it or an earlier one was rewritten and re-sealed`,
            { pos: event.pos },
          ),
        );
    }
  }
  return { findings, checked, newestSeq };
}

/**
 * Compare this station's log with the head the hub holds of it (a fresh anchor from the hub). Catches
 * what no offline check can: a tail trimmed together with its newest anchors.
 */
export function compareWithHub(
  reply: { anchor: Anchor | null; publicKey: AnchorPublicKey },
  pinned: AnchorPublicKey | undefined,
  log: LogAudit,
  station: string,
): Finding[] {
  const key = pinned ?? reply.publicKey;
  if (pinned && pinned.keyId !== reply.publicKey.keyId)
    return [
      finding(
        'hub_key',
        `changed|${reply.publicKey.keyId}`,
        `上级平台的签名公钥变了（已固定 ${pinned.keyId}，现为 ${reply.publicKey.keyId}）：拒绝其签名，请核实上级平台`,
        `the hub's signing key changed (pinned ${pinned.keyId}, now ${reply.publicKey.keyId}): its signatures are refused; check the hub`,
      ),
    ];
  const tail = log.tailOf(station);
  const anchor = reply.anchor;
  if (!anchor) {
    const first = log.eventAt(station, 1);
    const firstId = first ? ownEventId(log, first.pos) : undefined;
    if (firstId && log.acknowledged(firstId))
      return [
        finding(
          'hub',
          'hub-empty',
          '上级平台没有本站任何事件，但本地记录显示已被签收',
          'the hub holds none of this station’s events, yet the log shows them acknowledged',
        ),
      ];
    return [];
  }
  const checked = checkAnchors([anchor], key, log, station);
  if (checked.findings.length > 0)
    return checked.findings.map((f) => ({
      ...f,
      check: 'hub' as const,
      key: `hub|${f.key}`,
      zh: `与上级平台核对：${f.zh}`,
      en: `compared with the hub: ${f.en}`,
    }));
  // The log goes on past the hub's head: only with events the hub has not acknowledged yet.
  if (tail && tail.seq > anchor.seq) {
    const after = log.eventAt(station, anchor.seq + 1);
    const id = after ? ownEventId(log, after.pos) : undefined;
    if (id && log.acknowledged(id))
      return [
        finding(
          'hub',
          `beyond|${anchor.seq}`,
          `本地第 ${anchor.seq + 1} 条记为已签收，但上级平台只有到第 ${anchor.seq} 条`,
          `the log shows #${anchor.seq + 1} acknowledged, but the hub holds this station only up to #${anchor.seq}`,
        ),
      ];
  }
  return [];
}

const ownEventId = (log: LogAudit, pos: number): string | undefined => log.rowAt(pos)?.id;

/** The check at start: only what came after the last verified point, and the anchors received since. */
export interface IncrementalResult {
  findings: Finding[];
  events: number;
  anchors: number;
  /** The point to record when nothing was found. */
  next: VerifiedPoint;
  /** Whether a point had been recorded before (false: the whole log was read). */
  fromPoint: boolean;
}

export function checkSincePoint(
  log: LogAudit,
  book: AnchorBook,
  station: string,
  now: string,
): IncrementalResult {
  const point = book.verifiedPoint();
  const findings: Finding[] = [];
  let from: { pos: number; chain: string } | undefined;
  if (point) {
    const lastPos = log.lastPos();
    const row = log.rowAt(point.pos);
    const tail = log.tailOf(station);
    if (lastPos < point.pos || (point.pos > 0 && !row))
      findings.push(
        finding(
          'chain',
          `shorter|${point.pos}`,
          `记录比上次核验时短：上次核验到第 ${point.pos} 位，现在只到第 ${lastPos} 位（尾部被删除）`,
          `the log is shorter than when last verified: it was sound up to position ${point.pos}, it now ends at ${lastPos} (its tail was cut off)`,
        ),
      );
    else if (row && row.chain !== point.chain)
      findings.push(
        finding(
          'chain',
          `rewritten|${point.pos}`,
          `上次核验点（第 ${point.pos} 位）之前的记录被改写`,
          `the log before the last verified point (position ${point.pos}) was rewritten`,
          { pos: point.pos },
        ),
      );
    if ((tail?.seq ?? 0) < point.ownSeq)
      findings.push(
        finding(
          'chain',
          `own-shorter|${point.ownSeq}`,
          `本站记录比上次核验时少：曾到第 ${point.ownSeq} 条，现在只到第 ${tail?.seq ?? 0} 条`,
          `this station's own chain is shorter than when last verified: it reached #${point.ownSeq}, it now ends at #${tail?.seq ?? 0}`,
        ),
      );
    if (findings.length === 0) from = { pos: point.pos, chain: point.chain };
  }
  const chain = checkChain(log, station, from);
  if (chain.broken)
    findings.push(
      finding('chain', `broken|${chain.broken.pos}`, chain.broken.reason.zh, chain.broken.reason.en, {
        pos: chain.broken.pos,
        eventId: chain.broken.eventId,
      }),
    );
  // The anchors that came since the last check, and always the newest one.
  const newest = book.newest();
  const fresh = [...book.since(point && findings.length === 0 ? point.anchorId : 0)];
  if (newest && !fresh.some((a) => a.id === newest.id)) fresh.push(newest);
  const anchors = checkAnchors(fresh, book.pinnedKey(), log, station);
  findings.push(...anchors.findings);
  return {
    findings,
    events: chain.events,
    anchors: anchors.checked,
    fromPoint: from !== undefined,
    next: {
      pos: chain.lastPos,
      chain: chain.lastChain,
      ownSeq: log.tailOf(station)?.seq ?? 0,
      anchorId: newest?.id ?? 0,
      verifiedAt: now,
    },
  };
}

/** The store's `verify()`: the whole chain and every anchor, as the first thing found broken. */
export function verifyLog(
  log: LogAudit,
  book: AnchorBook,
  station: string,
): { ok: true; events: number } | { ok: false; brokenAt: number; eventId: string; reason: string } {
  const chain = checkChain(log, station);
  if (chain.broken)
    return {
      ok: false,
      brokenAt: chain.broken.pos,
      eventId: chain.broken.eventId,
      reason: chain.broken.reason.en,
    };
  const anchors = checkAnchors(book.since(0), book.pinnedKey(), log, station);
  const first = anchors.findings[0];
  if (first) {
    const pos = first.pos ?? log.lastPos();
    return { ok: false, brokenAt: pos, eventId: log.rowAt(pos)?.id ?? '', reason: first.en };
  }
  return { ok: true, events: chain.events };
}
