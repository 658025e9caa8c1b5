import { z } from 'zod';
import type { Actor } from '../../shared/domain/common';
import { domainError, fromZodError } from '../../shared/errors';
import { newId } from '../../shared/ids';
import type { ExternalUnit } from '../../shared/reports/external';
import { fail, ok, type Result } from '../../shared/result';
import { Instant } from '../../shared/time';
import type { StationStore } from '../store/index';
import { exportReportDocx, type ReportStore } from './service';

/**
 * Reports through a provincial 突发事件信息报送 system's API (issue 19, decision 0022). Each province's
 * system is its own product with its own API; an adapter for one implements `ProvincialSystemAdapter`
 * and nothing else in the station changes. None ships for a real province yet: `jsonHttpAdapter` speaks
 * a small JSON format of our own (documented below) and is what the tests run against a loopback server.
 */

/** What goes to the provincial system: the signed standard report form (.docx) and what names it. */
export interface ProvincialSubmission {
  reportId: string;
  /** The sending station's jurisdiction and the unit addressed (its directory entry). */
  from: string;
  unit: ExternalUnit;
  fileName: string;
  docx: Buffer;
}

/** The system's receipt: who took it in, when, and its reference for the submission. */
export const ProvincialReceipt = z.object({
  receiverName: z.string().trim().min(1).max(100),
  receivedAt: Instant,
  reference: z.string().trim().min(1).max(200),
});
export type ProvincialReceipt = z.infer<typeof ProvincialReceipt>;

export interface ProvincialSystemAdapter {
  /** For the log and the screen, e.g. "某省突发事件信息报送系统". */
  readonly name: string;
  /** Submit one report; a refusal or an unreachable system is an error, never a receipt. */
  submit(submission: ProvincialSubmission): Promise<Result<ProvincialReceipt>>;
}

/**
 * A JSON-over-HTTP adapter: POST `{ reportId, from, unitId, fileName, docxBase64 }` to `url` (with
 * `Authorization: Bearer <token>` when given); a 2xx answer is the receipt `{ receiverName, receivedAt,
 * reference }`. This is our own format, not any province's: a real system needs its own adapter.
 */
export function jsonHttpAdapter(options: { name: string; url: string; token?: string; timeoutMs?: number }): ProvincialSystemAdapter {
  return {
    name: options.name,
    async submit(s) {
      let response: Response;
      try {
        response = await fetch(options.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          },
          body: JSON.stringify({
            reportId: s.reportId,
            from: s.from,
            unitId: s.unit.id,
            fileName: s.fileName,
            docxBase64: s.docx.toString('base64'),
          }),
          signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
        });
      } catch (e) {
        return fail(domainError('PROVINCIAL_SYSTEM_UNAVAILABLE', 'provincialSystem', `${options.name}: ${e instanceof Error ? e.message : String(e)}`));
      }
      const text = await response.text();
      if (!response.ok) return fail(domainError('PROVINCIAL_SYSTEM_UNAVAILABLE', 'provincialSystem', `${options.name} answered ${response.status}: ${text.slice(0, 200)}`));
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        return fail(domainError('INVALID_FIELD', 'provincialSystem', `${options.name} answered no JSON`));
      }
      const receipt = ProvincialReceipt.safeParse(body);
      return receipt.success ? ok(receipt.data) : fail(...fromZodError(receipt.error, 'receipt'));
    },
  };
}

/**
 * Send a signed report to an external unit through its provincial system: export the standard form,
 * submit it, and only on the system's receipt record both the send (`via: provincial_system`) and the
 * receipt (`source: system`) in one transaction. A refused or failed submission records nothing: the
 * report stays signed and unsent, and the officer may send it by phone or fax instead.
 */
export async function sendThroughProvincialSystem(
  store: ReportStore & Pick<StationStore, 'executeAll' | 'externalUnits'>,
  adapter: ProvincialSystemAdapter,
  request: { reportId: string; unitId: string },
  actor: Actor,
): Promise<Result<ProvincialReceipt>> {
  const unit = store.externalUnits.find((u) => u.id === request.unitId);
  if (!unit) return fail(domainError('NOT_FOUND', 'unitId', `no external unit ${request.unitId}`));
  const report = store.report(request.reportId);
  if (!report) return fail(domainError('NOT_FOUND', 'reportId'));
  if (report.status !== 'approved') return fail(domainError('INVALID_TRANSITION', 'reportId', report.status));
  const file = await exportReportDocx(store, request.reportId);
  if (!file.ok) return file;
  const receipt = await adapter.submit({
    reportId: request.reportId,
    from: store.jurisdiction,
    unit,
    fileName: file.value.fileName,
    docx: file.value.bytes,
  });
  if (!receipt.ok) return receipt;
  const [sent, received] = store.executeAll(
    [
      {
        id: newId(),
        type: 'report.send',
        payload: { reportId: request.reportId, addressedTo: unit.jurisdiction, external: { unitId: unit.id, via: 'provincial_system' } },
      },
      { id: newId(), type: 'report.record_system_receipt', payload: { reportId: request.reportId, ...receipt.value } },
    ],
    actor,
  );
  if (!sent?.ok) return sent ?? fail(domainError('INVALID_FIELD', 'reportId'));
  if (!received?.ok) return received ?? fail(domainError('INVALID_FIELD', 'reportId'));
  return receipt;
}
