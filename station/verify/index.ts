import { performance } from 'node:perf_hooks';
import { integrityProblem, openDatabase } from '../store/db';
import { logAudit } from '../store/audit';
import { compareProjections } from '../store/audit';
import { anchorBook, hasAnchorTables } from '../store/anchors';
import type { AnchorPublicKey } from '../../shared/sync/protocol';
import { checkAnchors, checkChain, compareWithHub } from './chain';
import { finding, type CheckName, type Finding } from './findings';
import { fetchHubHead } from './hub';

/*
 * `npm run verify` (decision 0015): every check on a station's store, read-only, as one report. The
 * chain, the anchors and the projections need nothing but the file; the hub's head needs the hub.
 */

export type SectionStatus = 'ok' | 'mismatch' | 'skipped';

export interface Section {
  check: CheckName | 'sqlite';
  status: SectionStatus;
  /** What was read, or why it was skipped, in both languages. */
  zh: string;
  en: string;
  findings: Finding[];
  ms: number;
}

export interface VerifyReport {
  path: string;
  station: string;
  sections: Section[];
  /** True when any section found a mismatch. */
  mismatch: boolean;
  /** True when the hub comparison was asked for and could not be made. */
  hubUnreachable: boolean;
}

export interface VerifyFileOptions {
  path: string;
  /** The station that owns the store (its own chain is the one the hub anchors). */
  station: string;
  /** Compare the head with the hub's copy. */
  hub?: { url: string; token: string; ca?: string; timeoutMs?: number };
  /** A hub key given by file: the anchors must verify with it, and the key pinned in the store must be it. */
  hubKey?: AnchorPublicKey;
  /** Leave out the projection rebuild (the slowest part on a large store). */
  skipProjections?: boolean;
}

const TRIMMED_TAIL_NOTE = {
  zh: '注意：若记录尾部连同其最新锚点一起被删除，离线核验无法发现，只有与上级平台核对才能发现。',
  en: 'Note: a tail trimmed together with its newest anchors cannot be seen offline; only the comparison with the hub catches it.',
};

export async function verifyStoreFile(options: VerifyFileOptions): Promise<VerifyReport> {
  const db = openDatabase(options.path, { readonly: true });
  const sections: Section[] = [];
  const timed = <T>(work: () => T): [T, number] => {
    const t = performance.now();
    const value = work();
    return [value, performance.now() - t];
  };
  let hubUnreachable = false;
  try {
    const station = options.station;
    const log = logAudit(db);

    const [sqlite, sqliteMs] = timed(() => integrityProblem(db));
    sections.push({
      check: 'sqlite',
      status: sqlite === null ? 'ok' : 'mismatch',
      zh: sqlite === null ? 'SQLite 文件完整' : `SQLite 文件损坏：${sqlite}`,
      en: sqlite === null ? 'the SQLite file is sound' : `the SQLite file is damaged: ${sqlite}`,
      findings:
        sqlite === null
          ? []
          : [
              finding(
                'chain',
                'sqlite',
                `SQLite 完整性检查失败：${sqlite}`,
                `SQLite integrity check failed: ${sqlite}`,
              ),
            ],
      ms: sqliteMs,
    });

    const [chain, chainMs] = timed(() => checkChain(log, station));
    const own = log.tailOf(station);
    sections.push({
      check: 'chain',
      status: chain.broken ? 'mismatch' : 'ok',
      zh: `读取 ${chain.events} 条事件（本站到第 ${own?.seq ?? 0} 条）${chain.broken ? '' : '，哈希、链接与序号均正确'}`,
      en: `${chain.events} events read (this station's up to #${own?.seq ?? 0})${chain.broken ? '' : '; hashes, links and sequences hold'}`,
      findings: chain.broken
        ? [
            finding(
              'chain',
              `broken|${chain.broken.pos}`,
              `第 ${chain.broken.pos} 位（${chain.broken.eventId}）：${chain.broken.reason.zh}`,
              `position ${chain.broken.pos} (${chain.broken.eventId}): ${chain.broken.reason.en}`,
              {
                pos: chain.broken.pos,
                eventId: chain.broken.eventId,
              },
            ),
          ]
        : [],
      ms: chainMs,
    });

    const book = hasAnchorTables(db) ? anchorBook(db) : null;
    const pinned = book?.pinnedKey();
    if (!book) {
      sections.push({
        check: 'anchors',
        status: 'skipped',
        zh: '此数据库没有锚点表（版本早于 0190）：请先用新版本启动一次站点',
        en: 'this database has no anchor tables (older than migration 0190): start the station once with this release',
        findings: [],
        ms: 0,
      });
    } else {
      const [anchors, anchorsMs] = timed(() => {
        const found: Finding[] = [];
        if (options.hubKey && pinned && pinned.keyId !== options.hubKey.keyId)
          found.push(
            finding(
              'hub_key',
              `file|${options.hubKey.keyId}`,
              `本站固定的上级平台公钥 ${pinned.keyId} 与给出的公钥文件 ${options.hubKey.keyId} 不同`,
              `the hub key pinned in this store (${pinned.keyId}) is not the one in the key file (${options.hubKey.keyId})`,
            ),
          );
        const result = checkAnchors(book.since(0), options.hubKey ?? pinned, log, station);
        return { ...result, findings: [...found, ...result.findings] };
      });
      const keyText = options.hubKey
        ? `公钥文件 ${options.hubKey.keyId}`
        : pinned
          ? `已固定公钥 ${pinned.keyId}`
          : '无公钥';
      const keyTextEn = options.hubKey
        ? `key file ${options.hubKey.keyId}`
        : pinned
          ? `pinned key ${pinned.keyId}`
          : 'no key';
      sections.push({
        check: 'anchors',
        status: anchors.findings.length > 0 ? 'mismatch' : 'ok',
        zh: `核验 ${anchors.checked} 个上级平台签名锚点（${keyText}；最新到本站第 ${anchors.newestSeq} 条）`,
        en: `${anchors.checked} hub-signed anchors checked (${keyTextEn}; newest at this station's #${anchors.newestSeq})`,
        findings: anchors.findings,
        ms: anchorsMs,
      });
    }

    if (options.skipProjections) {
      sections.push({
        check: 'projections',
        status: 'skipped',
        zh: '按要求跳过投影重建',
        en: 'projection rebuild skipped as asked',
        findings: [],
        ms: 0,
      });
    } else {
      const [projections, projectionsMs] = timed(() =>
        compareProjections(db, { stationId: station, jurisdiction: '' }),
      );
      const findings = projections.differences.flatMap((d) => {
        const out: Finding[] = [];
        if (d.changed.length > 0)
          out.push(
            finding(
              'projections',
              `${d.table}|changed|${d.changed.join(',').slice(0, 200)}`,
              `${d.table} 表中与日志重建结果不同的行：${d.changed.join('、')}`,
              `rows of ${d.table} that differ from the rebuild from the log: ${d.changed.join(', ')}`,
            ),
          );
        if (d.missing.length > 0)
          out.push(
            finding(
              'projections',
              `${d.table}|missing|${d.missing.join(',').slice(0, 200)}`,
              `${d.table} 表缺少日志中有的行：${d.missing.join('、')}`,
              `rows the log makes that ${d.table} lacks: ${d.missing.join(', ')}`,
            ),
          );
        if (d.extra.length > 0)
          out.push(
            finding(
              'projections',
              `${d.table}|extra|${d.extra.join(',').slice(0, 200)}`,
              `${d.table} 表中有日志中没有的行：${d.extra.join('、')}`,
              `rows in ${d.table} that the log does not make: ${d.extra.join(', ')}`,
            ),
          );
        return out;
      });
      sections.push({
        check: 'projections',
        status: findings.length > 0 ? 'mismatch' : 'ok',
        zh: `从日志重建 ${projections.tables.length} 张投影表并逐表比对（${projections.rows} 行；时限义务随时间变化，不比对）`,
        en: `${projections.tables.length} projection tables rebuilt from the log and compared table by table (${projections.rows} rows; obligations move with time and are not compared)`,
        findings,
        ms: projectionsMs,
      });
    }

    if (!options.hub) {
      sections.push({
        check: 'hub',
        status: 'skipped',
        zh: `未给出 --hub，未与上级平台核对。${TRIMMED_TAIL_NOTE.zh}`,
        en: `no --hub given: not compared with the hub. ${TRIMMED_TAIL_NOTE.en}`,
        findings: [],
        ms: 0,
      });
    } else {
      const started = performance.now();
      try {
        const reply = await fetchHubHead(options.hub.url, options.hub.token, {
          ...(options.hub.ca !== undefined ? { ca: options.hub.ca } : {}),
          ...(options.hub.timeoutMs !== undefined ? { timeoutMs: options.hub.timeoutMs } : {}),
        });
        const findings = compareWithHub(reply, options.hubKey ?? pinned ?? undefined, log, station);
        const hubSeq = reply.anchor?.seq ?? 0;
        sections.push({
          check: 'hub',
          status: findings.length > 0 ? 'mismatch' : 'ok',
          zh: `上级平台 ${options.hub.url} 持有本站到第 ${hubSeq} 条，本地到第 ${own?.seq ?? 0} 条${findings.length === 0 ? '：一致（尾部未被删除）' : ''}`,
          en: `the hub ${options.hub.url} holds this station up to #${hubSeq}, the log up to #${own?.seq ?? 0}${findings.length === 0 ? ': they agree (no tail cut off)' : ''}`,
          findings,
          ms: performance.now() - started,
        });
      } catch (error) {
        hubUnreachable = true;
        const why = error instanceof Error ? error.message : String(error);
        sections.push({
          check: 'hub',
          status: 'skipped',
          zh: `无法与上级平台核对（${why}）。${TRIMMED_TAIL_NOTE.zh}`,
          en: `could not compare with the hub (${why}). ${TRIMMED_TAIL_NOTE.en}`,
          findings: [],
          ms: performance.now() - started,
        });
      }
    }
    return {
      path: options.path,
      station,
      sections,
      mismatch: sections.some((s) => s.status === 'mismatch'),
      hubUnreachable,
    };
  } finally {
    db.close();
  }
}

const LABEL: Record<Section['check'], string> = {
  sqlite: '数据库 SQLite',
  chain: '事件链 chain',
  anchors: '签名锚点 anchors',
  projections: '投影 projections',
  hub: '上级平台 hub',
  hub_key: '平台公钥 hub key',
};
const STATUS: Record<SectionStatus, string> = {
  ok: '通过 OK',
  mismatch: '不符 MISMATCH',
  skipped: '未核对 SKIPPED',
};

/** The report as the terminal shows it: each line in Chinese, then English. */
export function formatReport(report: VerifyReport): string {
  const lines = [
    `核验 ${report.path}（站点 ${report.station}） / verifying ${report.path} (station ${report.station})`,
  ];
  for (const s of report.sections) {
    lines.push(`[${STATUS[s.status]}] ${LABEL[s.check]} (${s.ms.toFixed(0)} ms)`);
    lines.push(`    ${s.zh}`);
    lines.push(`    ${s.en}`);
    for (const f of s.findings) {
      lines.push(`  ✗ ${f.zh}`);
      lines.push(`    ${f.en}`);
    }
  }
  if (report.mismatch)
    lines.push('结果：不符，记录可能被改动 / result: MISMATCH, the record may have been altered');
  else if (report.hubUnreachable)
    lines.push(
      '结果：离线核验通过，但未能与上级平台核对 / result: sound offline, but the hub comparison could not be made',
    );
  else lines.push('结果：通过 / result: OK');
  return lines.join('\n');
}

/** 0 sound; 1 a mismatch; 3 sound offline but the hub asked for could not be compared. */
export const exitCodeOf = (report: VerifyReport): number =>
  report.mismatch ? 1 : report.hubUnreachable ? 3 : 0;
