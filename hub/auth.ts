import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SignJWT, jwtVerify } from 'jose';
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
  if (!existsSync(file)) {
    mkdirSync(options.dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
  }
  return new TextEncoder().encode(readFileSync(file, 'utf8').trim());
}

export async function issueToken(
  key: Uint8Array,
  claims: { station: string; jurisdiction: string; ttlSeconds?: number; now?: number },
): Promise<{ token: string; tokenId: string; expiresAt: number }> {
  StationId.parse(claims.station);
  JurisdictionCode.parse(claims.jurisdiction);
  const nowS = Math.floor((claims.now ?? Date.now()) / 1000);
  const exp = nowS + (claims.ttlSeconds ?? DEFAULT_TOKEN_TTL_S);
  const tokenId = randomUUID();
  const token = await new SignJWT({ jur: claims.jurisdiction })
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
      issuedAt: (payload.iat ?? 0) * 1000,
      expiresAt: (payload.exp ?? 0) * 1000,
    };
  } catch {
    return null;
  }
}
