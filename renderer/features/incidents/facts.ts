import { chinaParts, chinaWallTime, toInstant } from '../../../shared/time';
import { IncidentFacts, type IncidentCategory } from '../../../shared/domain/incident';
import { domainError, fromZodError, type DomainError } from '../../../shared/errors';
import { resolveArea } from './areas';
import { fail, ok, type Result } from '../../../shared/result';

/** A datetime-local field's value for an instant, read as China Standard Time. */
export function toChinaLocalInput(ms: number): string {
  const p = chinaParts(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}

/** The instant a datetime-local value names, read as China Standard Time whatever the PC's zone. */
export function fromChinaLocalInput(value: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!m) return null;
  const [, y, mo, d, h, mi] = m.map(Number) as [number, number, number, number, number, number];
  return toInstant(chinaWallTime(y, mo, d, h, mi));
}

export interface IncidentDraft {
  title: string;
  category: IncidentCategory;
  subtype: string;
  level: 'I' | 'II' | 'III' | 'IV';
  areaCode: string;
  address: string;
  lon: string;
  lat: string;
  occurredAt: string;
  receivedAt: string;
  source: string;
  callerName: string;
  callerPhone: string;
  dead: string;
  injured: string;
  missing: string;
  trapped: string;
  description: string;
}

export const emptyDraft = (now: number, areaCode: string): IncidentDraft => ({
  title: '',
  category: 'accident',
  subtype: 'fire',
  level: 'IV',
  areaCode,
  address: '',
  lon: '',
  lat: '',
  occurredAt: toChinaLocalInput(now),
  receivedAt: toChinaLocalInput(now),
  source: 'phone',
  callerName: '',
  callerPhone: '',
  dead: '0',
  injured: '0',
  missing: '0',
  trapped: '0',
  description: '',
});

const count = (s: string) => (s.trim() === '' ? 0 : Number(s));
const fieldOf: Record<string, string> = {
  'location.point.lon': 'lon',
  'location.point.lat': 'lat',
  'location.areaCode': 'areaCode',
  'location.address': 'address',
  'caller.name': 'callerName',
  'caller.phone': 'callerPhone',
};

/** The form's text turned into facts, checked with the domain schema; errors name the form's fields. */
export function factsFromDraft(d: IncidentDraft): Result<IncidentFacts> {
  const errors: DomainError[] = [];
  const occurredAt = fromChinaLocalInput(d.occurredAt);
  const receivedAt = fromChinaLocalInput(d.receivedAt);
  // A time the officer mistyped is named in words: 年-月-日 and 时:分 on the 24-hour clock.
  if (occurredAt === null) errors.push(domainError('TIME_FORMAT', 'occurredAt'));
  if (receivedAt === null) errors.push(domainError('TIME_FORMAT', 'receivedAt'));
  const hasPoint = d.lon.trim() !== '' || d.lat.trim() !== '';
  // The area may be typed by name (南桐镇红岩村) or code; a name that fits no one area is refused in words.
  const areaCode = resolveArea(d.areaCode);
  if (areaCode === null) errors.push(domainError('AREA_UNKNOWN', 'areaCode'));
  const candidate = {
    title: d.title,
    category: d.category,
    subtype: d.subtype,
    level: d.level,
    location: {
      areaCode: areaCode ?? '',
      address: d.address.trim(),
      ...(hasPoint ? { point: { lon: Number(d.lon), lat: Number(d.lat) } } : {}),
    },
    occurredAt,
    receivedAt,
    source: d.source,
    ...(d.callerName.trim() || d.callerPhone.trim()
      ? {
          caller: {
            ...(d.callerName.trim() ? { name: d.callerName.trim() } : {}),
            ...(d.callerPhone.trim() ? { phone: d.callerPhone.trim() } : {}),
          },
        }
      : {}),
    casualties: {
      dead: count(d.dead),
      injured: count(d.injured),
      missing: count(d.missing),
      trapped: count(d.trapped),
    },
    description: d.description,
  };
  const parsed = IncidentFacts.safeParse(candidate);
  if (!parsed.success) {
    for (const e of fromZodError(parsed.error)) {
      const field = e.field ?? '';
      if (field === 'location.areaCode' && areaCode === null) continue;
      if ((field === 'occurredAt' && occurredAt === null) || (field === 'receivedAt' && receivedAt === null))
        continue;
      errors.push({ ...e, field: fieldOf[field] ?? field.replace(/^casualties\./, '') });
    }
  }
  return errors.length > 0 || !parsed.success ? fail(...errors) : ok(parsed.data);
}
