import { formatChinaTime } from '../../../shared/time';

/** A report's instant on the China clock, or nothing when it has none. */
export const reportTime = (iso: string | undefined) => (iso ? formatChinaTime(Date.parse(iso)) : '');
