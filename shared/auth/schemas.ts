import { z } from 'zod';
import { Instant } from '../time';
import { ObjectId } from '../ids';

/**
 * Sign-in (issue 17, decision 0012): what a console and its station say to each other about who is at
 * the console. No secret ever leaves the station: a PIN or password goes in (signIn, approveReport…),
 * and only the session's facts come out.
 */

/**
 * A PIN (6 to 12 digits) or a password (8 to 128 characters). Checked when it is set; when it is given
 * to sign in only the length limits apply, so a wrong one is a failed attempt, not a form error.
 */
export const Secret = z.string().min(1).max(128);
export const NewSecret = Secret.refine(
  (s) => (/^[0-9]+$/.test(s) ? s.length >= 6 && s.length <= 12 : s.length >= 8),
  { message: 'a PIN of 6 to 12 digits, or a password of at least 8 characters' },
);

/** What sort of screen a connection is: a console acts once someone signs in; a wall display only shows. */
export const ScreenKind = z.enum(['console', 'wall']);
export type ScreenKind = z.infer<typeof ScreenKind>;

/** Why the person may sign (签发) now, when they may. */
export const SigningBasis = z.enum(['on_duty', 'delegation', 'directory']);
export type SigningBasis = z.infer<typeof SigningBasis>;

export const SessionInfo = z.object({
  person: z.object({ id: ObjectId, name: z.string().max(200) }),
  /** leader: may sign (签发) now; officer: drafts and sends. Decided by the station at every command. */
  role: z.enum(['leader', 'officer']),
  signingBasis: SigningBasis.nullable(),
  /** May set up people's PINs and pair phones for others. */
  admin: z.boolean(),
  signedInAt: Instant,
  /** Locked after idle time: the same person unlocks with their PIN, or someone else signs in. */
  locked: z.boolean(),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

export const SignInPerson = z.object({
  id: ObjectId,
  name: z.string().max(200),
  /** Their duty positions in the directory (带班领导 / 值班员…), to tell people apart on the list. */
  dutyRoles: z.array(z.string().max(40)).max(5),
  /** Has a PIN or password set: only these can sign in. */
  canSignIn: z.boolean(),
});
export type SignInPerson = z.infer<typeof SignInPerson>;

export const AuthStatus = z.object({
  screen: ScreenKind,
  /** No one can sign in yet: the first-run screen sets up an administrator. */
  firstRun: z.boolean(),
  people: z.array(SignInPerson).max(2000),
  /** Who the sign-in screen pre-selects (the launcher's --operator), if they are in the directory. */
  prefill: ObjectId.nullable(),
  session: SessionInfo.nullable(),
  /** Minutes without input after which a console locks (0: never). */
  idleLockMinutes: z
    .number()
    .int()
    .min(0)
    .max(24 * 60),
});
export type AuthStatus = z.infer<typeof AuthStatus>;

export const SignInReply = z.object({
  session: SessionInfo,
  /** Lets this screen take its session back after a reconnect (kept in the tab's session storage). */
  resumeToken: z.string().min(20).max(100),
});
export type SignInReply = z.infer<typeof SignInReply>;

/** How a 签发 was verified, as the report.approved event records it. */
export const ApprovalVerification = z.discriminatedUnion('method', [
  /** The leader typed their own PIN at the console at that moment. */
  z.object({ method: z.literal('pin') }),
  /** The leader approved on their paired phone terminal (with their PIN there). */
  z.object({ method: z.literal('phone_terminal'), terminalId: z.string().min(1).max(64) }),
  /**
   * The leader approved by phone; the officer recorded it and called the leader back on the number the
   * directory holds, where the leader confirmed. The approval is the leader's; the officer recorded it.
   */
  z.object({
    method: z.literal('phone_callback'),
    leader: z.object({ id: ObjectId, name: z.string().max(200) }),
    calledBack: z.string().max(32),
    recordedBy: z.object({ id: ObjectId, name: z.string().max(200) }),
  }),
]);
export type ApprovalVerification = z.infer<typeof ApprovalVerification>;

export const PhoneTerminal = z.object({
  id: z.string().min(1).max(64),
  person: z.object({ id: ObjectId, name: z.string().max(200) }),
  label: z.string().max(100),
  createdAt: Instant,
  createdBy: z.string().max(100),
  revokedAt: Instant.nullable(),
});
export type PhoneTerminal = z.infer<typeof PhoneTerminal>;
