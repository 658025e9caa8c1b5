import { z } from 'zod';
import { ObjectId, Ulid } from '../ids';
import { EventEnvelope } from '../events/envelope';
import { AuthStatus, NewSecret, PhoneTerminal, Secret, SessionInfo, SignInReply } from '../auth/schemas';
import { command, query } from './call';
import { Instant } from '../time';
import { RecordedDelegation } from '../auth/delegation';
import { CredentialListing } from '../auth/credentials';

/**
 * 登录 (issue 17): what a screen asks its station about who is at it. Every other command is refused
 * until someone signs in; a wall display may ask `authStatus` and nothing else here.
 */
const Empty = z.object({}).strict();
const Done = z.object({});
const Outcome = z.object({ events: z.array(EventEnvelope) });
const SessionsEnded = z.object({ sessionsEnded: z.number().int().min(0) });

export const authCalls = {
  authStatus: query(Empty, AuthStatus),
  signIn: command(z.object({ personId: ObjectId, secret: Secret }), SignInReply),
  /** The same tab after a reconnect: the token signIn gave it. */
  resumeSession: command(z.object({ token: z.string().min(20).max(100) }), SessionInfo),
  signOut: command(Empty, Done),
  /** Input at the console, so its session does not lock while someone works at it. */
  touchSession: command(Empty, SessionInfo.nullable()),
  /** The first start only: the administrator joins the directory and signs in. */
  setUpAdministrator: command(
    z.object({
      name: z.string().trim().min(1).max(100),
      secret: NewSecret,
      dutyRole: z.enum(['leader', 'officer']),
    }),
    SignInReply,
  ),
  /**
   * 人员口令: an administrator sets or resets a person's PIN; anyone changes their own with the current one.
   * On record (credential.set / credential.reset, no secret); a reset ends the person's open sessions.
   */
  setCredential: command(
    z.object({
      personId: ObjectId,
      secret: NewSecret,
      admin: z.boolean().optional(),
      currentSecret: Secret.optional(),
    }),
    SessionsEnded,
  ),
  /** 停用登录: an administrator revokes a person's sign-in (sessions end, phones revoked); on record. */
  revokeCredential: command(
    z.object({ personId: ObjectId, reason: z.string().trim().max(500).optional() }),
    SessionsEnded,
  ),
  /** 人员口令: the directory with who has a PIN and the last change on record; administrators only. */
  credentials: query(Empty, z.array(CredentialListing).max(2000)),
  /** 签发 with the leader's own PIN, typed at that moment; recorded as verified by pin. */
  approveReport: command(
    z.object({ reportId: Ulid, secret: Secret, comment: z.string().max(2000).optional() }),
    Outcome,
  ),
  /**
   * 电话审批: the leader approved by phone and confirmed when the officer called back on the number in the
   * directory; the officer records it (verified by phone call-back, the leader named as the one who signed).
   */
  recordPhoneApproval: command(
    z.object({
      reportId: Ulid,
      leaderId: ObjectId,
      calledBack: z.string().min(3).max(32),
      confirmedOnCallBack: z.literal(true),
      comment: z.string().max(2000).optional(),
    }),
    Outcome,
  ),
  /** A phone terminal for a person (their own, or anyone's by an administrator); the token is shown once. */
  pairPhone: command(
    z.object({ personId: ObjectId, label: z.string().trim().min(1).max(100) }),
    z.object({ terminalId: z.string(), token: z.string(), path: z.string() }),
  ),
  revokePhone: command(z.object({ terminalId: z.string().min(1).max(64) }), Done),
  phoneTerminals: query(Empty, z.array(PhoneTerminal)),
  /**
   * 授权签发: the leader on duty (or an administrator) lets another leader of the directory sign for a
   * window; on record as delegation.recorded, in the grantor's name, with the authority it rests on.
   */
  recordDelegation: command(
    z.object({
      personId: ObjectId,
      from: Instant,
      until: Instant,
      reason: z.string().trim().min(1).max(500),
    }),
    Outcome,
  ),
  revokeDelegation: command(
    z.object({ delegationId: Ulid, reason: z.string().trim().min(1).max(500) }),
    Outcome,
  ),
  /**
   * 交接班签字 (issue 17): a person of that side's crew signs the kept sheet with their own PIN, typed at this
   * console at that moment (recorded as verified by PIN). The outgoing side signs first; when the incoming
   * signer signs, the console's session passes to them (the outgoing one's ends): `session` is the new one.
   */
  signHandover: command(
    z.object({
      rosterId: ObjectId,
      handoverId: Ulid,
      side: z.enum(['outgoing', 'incoming']),
      personId: ObjectId,
      secret: Secret,
    }),
    z.object({ events: z.array(EventEnvelope), session: SignInReply.nullable() }),
  ),
  /** Every delegation of signing on record at this station, revoked ones included. */
  delegations: query(Empty, z.array(RecordedDelegation).max(10_000)),
};
