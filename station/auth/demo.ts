import type { StaffMember } from '../../shared/roster/schemas';

/**
 * The demo district's sign-in PINs (README, 登录): "8" and the last five digits of the person's demo phone
 * number (陈建国 13900000011 → 800011). 陈建国 (ws-duty-l1) administers the demo station. Only the demo
 * (`npm start` with the embedded hub, or `--demo`) seeds them, and only for people without a PIN.
 */
export const DEMO_ADMINISTRATOR = 'ws-duty-l1';

export function demoPinOf(member: Pick<StaffMember, 'phones'>): string | undefined {
  const digits = member.phones[0]?.replace(/[^0-9]/g, '') ?? '';
  return digits.length >= 5 ? `8${digits.slice(-5)}` : undefined;
}

export function demoCredentials(staff: readonly StaffMember[]) {
  return staff.flatMap((p) => {
    const secret = demoPinOf(p);
    return secret ? [{ personId: p.id, secret, admin: p.id === DEMO_ADMINISTRATOR }] : [];
  });
}
