import { domainError, fromZodError, type DomainError } from '../errors';
import { fail, ok, type Result } from '../result';
import { StaffMember } from './schemas';

/*
 * The staff directory as offices keep it: a spreadsheet with a header row in Chinese. The station
 * reads the .xlsx into rows of cells; this turns rows into directory entries, or refuses the whole
 * sheet with one error per bad cell (nothing half-imported).
 */

const headerAliases: Record<
  string,
  'id' | 'name' | 'unit' | 'department' | 'role' | 'phones' | 'dutyRoles' | 'active'
> = {
  工号: 'id',
  编号: 'id',
  id: 'id',
  姓名: 'name',
  name: 'name',
  单位: 'unit',
  unit: 'unit',
  部门: 'department',
  科室: 'department',
  department: 'department',
  职务: 'role',
  role: 'role',
  电话: 'phones',
  手机: 'phones',
  联系电话: 'phones',
  phone: 'phones',
  phones: 'phones',
  值班岗位: 'dutyRoles',
  岗位: 'dutyRoles',
  dutyroles: 'dutyRoles',
  状态: 'active',
  active: 'active',
};

const roleWords: Record<string, 'leader' | 'officer' | 'liaison'> = {
  带班领导: 'leader',
  带班: 'leader',
  领导: 'leader',
  leader: 'leader',
  值班员: 'officer',
  officer: 'officer',
  联络员: 'liaison',
  liaison: 'liaison',
};

const inactiveWords = new Set(['停用', '离岗', '调离', '否', 'no', 'false', 'inactive']);

/** A cell as text: a spreadsheet gives strings, numbers, booleans or dates; anything else is not a value. */
const cellText = (cell: unknown): string => {
  if (typeof cell === 'string') return cell.trim();
  if (typeof cell === 'number' || typeof cell === 'boolean' || typeof cell === 'bigint') return String(cell);
  if (cell instanceof Date) return String(cell);
  return '';
};
const splitList = (text: string) => text.split(/[,;，；、/\s]+/).filter(Boolean);
/** Phones may hold spaces ("138 0000 0009"), so only list marks separate them. */
const splitPhones = (text: string) =>
  text
    .split(/[,;，；、/]+/)
    .map((t) => t.trim())
    .filter(Boolean);

/** Directory entries from spreadsheet rows, the first row being the header. */
export function parseStaffRows(rows: readonly (readonly unknown[])[]): Result<StaffMember[]> {
  const [header, ...body] = rows;
  if (!header) return fail(domainError('INVALID_FIELD', 'rows', 'empty sheet'));
  const columns = header.map((h) => headerAliases[cellText(h).toLowerCase()] ?? headerAliases[cellText(h)]);
  if (!columns.includes('name'))
    return fail(domainError('INVALID_FIELD', 'rows.0', '缺少“姓名”列 / no name column'));

  const errors: DomainError[] = [];
  const members: StaffMember[] = [];
  const seen = new Set<string>();
  body.forEach((row, r) => {
    const line = r + 2; // spreadsheet row number, as the user sees it
    if (row.every((c) => cellText(c) === '')) return;
    const raw: Record<string, unknown> = {};
    columns.forEach((column, c) => {
      const text = cellText(row[c]);
      if (!column || text === '') return;
      if (column === 'phones') raw.phones = splitPhones(text);
      else if (column === 'dutyRoles') {
        const words = splitList(text);
        const roles = words.map((w) => roleWords[w.toLowerCase()] ?? roleWords[w]);
        const unknown = words.filter((_, i) => roles[i] === undefined);
        if (unknown.length > 0)
          errors.push(domainError('INVALID_FIELD', `rows.${line}.dutyRoles`, unknown.join('、')));
        else raw.dutyRoles = [...new Set(roles)];
      } else if (column === 'active') raw.active = !inactiveWords.has(text.toLowerCase());
      else raw[column] = text;
    });
    // Without a staff number, the first phone number identifies the person (names repeat, and ids are ASCII).
    if (raw.id === undefined && Array.isArray(raw.phones) && typeof raw.phones[0] === 'string') {
      raw.id = `p${raw.phones[0].replace(/\D/g, '')}`;
    }
    if (raw.id === undefined) {
      errors.push(
        domainError('INVALID_FIELD', `rows.${line}.id`, '需要工号或电话 / a staff number or phone is needed'),
      );
      return;
    }
    const parsed = StaffMember.safeParse(raw);
    if (!parsed.success) {
      errors.push(...fromZodError(parsed.error, `rows.${line}`));
      return;
    }
    if (seen.has(parsed.data.id)) {
      errors.push(domainError('ALREADY_EXISTS', `rows.${line}.id`, parsed.data.id));
      return;
    }
    seen.add(parsed.data.id);
    members.push(parsed.data);
  });
  return errors.length > 0 ? fail(...errors) : ok(members);
}
