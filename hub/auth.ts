import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SignJWT, jwtVerify } from 'jose';
import { ownerOnlyDir, tightenFile } from './secrets';
import { StationId } from '../shared/events/envelope';
import { JurisdictionCode } from '../shared/domain/jurisdiction';
import type { StationPrincipal } from '../shared/sync/protocol';

const ISSUER = 'duty-room-hub';
const AUDIENCE = 'duty-room-station';
export const DEFAULT_TOKEN_TTL_S = 30 * 24 * 3600;

/** The hub's HS256 signing key: from `--key`/DUTY_HUB_KEY, else `hub.key` in the data directory (created once). */
export function loadSigningKey(options: { key?: string | undefined; dataDir: string }): Uint8Array {
  if (options.key !== undefined && options.key !== '') {
    if (options.key.length < 32) throw new Error('the hub signing key must be at least 32 characters');
    return new TextEncoder().encode(options.key);
  }
  const file = join(options.dataDir, 'hub.key');
  // The key and its folder are the owner's only (0600 in 0700), an older version's too (decision 0013).
  ownerOnlyDir(options.dataDir, { tighten: true });
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
  else tightenFile(file);
  return new TextEncoder().encode(readFileSync(file, 'utf8').trim());
}

export async function issueToken(
  key: Uint8Array,
  claims: { station: string; jurisdiction: string; ttlSeconds?: number; now?: number },
): Promise<{ token: string; tokenId: string; expiresAt: number }> {
  StationId.parse(claims.station);
  JurisdictionCode.parse(claims.jurisdiction);
  const nowMs = Math.floor(claims.now ?? Date.now());
  const nowS = Math.floor(nowMs / 1000);
  const exp = nowS + (claims.ttlSeconds ?? DEFAULT_TOKEN_TTL_S);
  const tokenId = randomUUID();
  // `iat` counts whole seconds; revoking a station compares issue times to the millisecond (`iatMs`),
  // so a token issued after a revocation in the same second stays valid.
  const token = await new SignJWT({ jur: claims.jurisdiction, iatMs: nowMs })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setSubject(claims.station)
    .setJti(tokenId)
    .setIssuedAt(nowS)
    .setExpirationTime(exp)
    .sign(key);
  return { token, tokenId, expiresAt: exp * 1000 };
}

/**
 * When a token was issued, to the millisecond: its `iatMs` claim when that lies in its `iat` second; a
 * token without one (issued before the claim existed) counts from the start of its second, so a
 * revocation in that second still covers it.
 */
function issuedAtMs(iat: number, iatMs: unknown): number {
  const ms = typeof iatMs === 'number' && Number.isSafeInteger(iatMs) ? iatMs : null;
  return ms !== null && Math.floor(ms / 1000) === iat ? ms : iat * 1000;
}

/** Verify a station token; returns null for anything not signed by this hub, expired, or malformed. */
export async function verifyToken(key: Uint8Array, token: unknown, now: number): Promise<StationPrincipal | null> {
  if (typeof token !== 'string' || token.length > 4096) return null;
  try {
    const { payload } = await jwtVerify(token, key, {
      algorithms: ['HS256'],
      issuer: ISSUER,
      audience: AUDIENCE,
      currentDate: new Date(now),
      requiredClaims: ['sub', 'jti', 'iat', 'exp'],
    });
    const station = StationId.safeParse(payload.sub);
    const jurisdiction = JurisdictionCode.safeParse(payload.jur);
    if (!station.success || !jurisdiction.success || typeof payload.jti !== 'string') return null;
    return {
      station: station.data,
      jurisdiction: jurisdiction.data,
      tokenId: payload.jti,
      issuedAt: issuedAtMs(payload.iat ?? 0, payload.iatMs),
      expiresAt: (payload.exp ?? 0) * 1000,
    };
  } catch {
    return null;
  }
}
