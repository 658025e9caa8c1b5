import { performance } from 'node:perf_hooks';
import { toInstant } from '../../shared/time';
import type { Anchor, AnchorPublicKey } from '../../shared/sync/protocol';
import type { StationStore } from '../store';
import type { AnchorSink } from '../sync/client';
import type { IntegritySource } from '../api/alarms';
import { checkAnchors, checkSincePoint, compareWithHub } from './chain';
import type { Finding } from './findings';

/*
 * The running station's tamper check (decision 0015): at start, from the last verified point; on every
 * (re)connection, against the hub's signed head; and on every acknowledgement, the anchor it carries.
 * Whatever it finds goes to the alarm board (station/api/alarms.ts fromIntegrity), which puts it on
 * record through the one write path.
 */

export interface IntegrityWatch extends IntegritySource {
  /** For the sync client: the hub's anchors as they come. */
  readonly sink: AnchorSink;
  /** What the check at start read, and how long it took. */
  readonly atStart: { events: number; anchors: number; ms: number; fromPoint: boolean };
  /** Check what came since the last verified point now (also run by every reconnection). */
  checkNow(): Finding[];
}

export interface IntegrityWatchOptions {
  store: StationStore;
  clock?: () => number;
  /** The hub's anchor key as given by file (DUTYROOM_HUB_ANCHOR_KEY): pinned at once, before any contact. */
  pinnedKey?: AnchorPublicKey;
  logger?: { warn(fields: Record<string, unknown>, message: string): void };
}

export function startIntegrityWatch(options: IntegrityWatchOptions): IntegrityWatch {
  const { store } = options;
  const clock = options.clock ?? Date.now;
  const { anchors: book, log } = store.tamper;
  const station = store.stationId;
  const found = new Map<string, Finding>();
  const listeners = new Set<(f: readonly Finding[]) => void>();

  const report = (findings: readonly Finding[]) => {
    const fresh = findings.filter((f) => !found.has(`${f.check}|${f.key}`));
    if (fresh.length === 0) return;
    for (const f of fresh) {
      found.set(`${f.check}|${f.key}`, f);
      options.logger?.warn(
        { check: f.check, key: f.key, pos: f.pos, eventId: f.eventId },
        `tamper check: ${f.en}`,
      );
    }
    for (const l of listeners) l(fresh);
  };

  /** Pin a key unless one is pinned; a different key is a finding, never pinned over the first. */
  const pin = (key: AnchorPublicKey, source: 'hub' | 'file') => {
    const pinned = book.pinnedKey();
    if (!pinned) {
      if (store.writable) book.pin(key, source, toInstant(clock()));
      return;
    }
    if (pinned.keyId !== key.keyId)
      report([
        {
          check: 'hub_key',
          key: `changed|${key.keyId}`,
          zh: `上级平台的签名公钥与本站固定的不同（已固定 ${pinned.keyId}，${source === 'file' ? '文件给出' : '上级平台出示'} ${key.keyId}）：拒绝其签名，请核实`,
          en: `the hub's signing key differs from the one pinned here (pinned ${pinned.keyId}, ${source === 'file' ? 'the file gives' : 'the hub shows'} ${key.keyId}): its signatures are refused; check the hub`,
        },
      ]);
  };

  const runIncremental = (): Finding[] => {
    const result = checkSincePoint(log, book, station, toInstant(clock()));
    if (result.findings.length === 0 && store.writable) book.setVerifiedPoint(result.next);
    report(result.findings);
    return result.findings;
  };

  if (options.pinnedKey) pin(options.pinnedKey, 'file');
  const started = performance.now();
  const first = checkSincePoint(log, book, station, toInstant(clock()));
  if (first.findings.length === 0 && store.writable) book.setVerifiedPoint(first.next);
  const atStart = {
    events: first.events,
    anchors: first.anchors,
    ms: performance.now() - started,
    fromPoint: first.fromPoint,
  };
  report(first.findings);

  const sink: AnchorSink = {
    hubHead(reply) {
      const pinned = book.pinnedKey();
      if (!pinned) pin(reply.publicKey, 'hub');
      const findings = compareWithHub(reply, book.pinnedKey() ?? reply.publicKey, log, station);
      report(findings);
      if (findings.length === 0 && reply.anchor && store.writable) book.add(reply.anchor, toInstant(clock()));
      runIncremental();
    },
    acknowledged(anchor: Anchor) {
      const key = book.pinnedKey();
      if (!key) return;
      const checked = checkAnchors([anchor], key, log, station);
      if (checked.findings.length > 0) report(checked.findings);
      else if (store.writable) book.add(anchor, toInstant(clock()));
    },
  };

  return {
    sink,
    atStart,
    checkNow: runIncremental,
    findings: () => [...found.values()],
    onFindings(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
