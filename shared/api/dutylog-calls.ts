import { z } from 'zod';
import { Instant } from '../time';
import { Ulid } from '../ids';
import { StationId } from '../events/envelope';
import { DutyLogEntry } from '../dutylog/aggregate';
import { ExportedFile } from '../reports/schemas';
import { query } from './call';

/**
 * 值班日志 calls. Recording and correcting go through `execute` (`dutylog.record`, `dutylog.correct`);
 * these read the log back: search (words, period, incident) and the period as .xlsx. Without `station`
 * both list this station's own entries; `allStations` includes the subordinate stations' logs it holds.
 */

const Period = { from: Instant.optional(), to: Instant.optional() };
const fromBeforeTo = (r: { from?: string | undefined; to?: string | undefined }) =>
  r.from === undefined || r.to === undefined || Date.parse(r.from) < Date.parse(r.to);

export const DutyLogSearchRequest = z
  .object({
    q: z.string().max(200).optional(),
    ...Period,
    incidentId: Ulid.optional(),
    station: StationId.optional(),
    allStations: z.boolean().optional(),
    limit: z.number().int().min(1).max(1000).optional(),
  })
  .refine(fromBeforeTo, { message: 'from must be before to', path: ['to'] });
export type DutyLogSearchRequest = z.infer<typeof DutyLogSearchRequest>;

export const DutyLogExportRequest = z
  .object({
    from: Instant,
    to: Instant,
    q: z.string().max(200).optional(),
    incidentId: Ulid.optional(),
    title: z.string().trim().max(200).optional(),
  })
  .refine(fromBeforeTo, { message: 'from must be before to', path: ['to'] });
export type DutyLogExportRequest = z.infer<typeof DutyLogExportRequest>;

/** Entries a fresh window opens with (and the most a search returns by default). */
export const DUTY_LOG_RECENT = 200;

export const dutyLogCalls = {
  /** Entries matching words (every one, in any version), a period and an incident; newest first. */
  dutyLogSearch: query(DutyLogSearchRequest, z.array(DutyLogEntry)),
  /** The period's entries (and their corrections) as an .xlsx workbook, base64. */
  exportDutyLogXlsx: query(DutyLogExportRequest, ExportedFile),
} as const;
