import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { issueToken, verifyToken } from './auth';
import { hubStoreKinds, type TestHubStore } from './test-stores.testing';
import type { HubEventStore } from './store';

const key = new TextEncoder().encode('auth-test-signing-key-0123456789-abcdef');
const district = { station: 'district-500110', jurisdiction: '500110' };

let where: TestHubStore;
let store: HubEventStore;

/** Verify as the hub does at connection, and ask the store whether it is revoked. */
async function revoked(token: string, now: number): Promise<boolean> {
  const principal = await verifyToken(key, token, now);
  if (!principal) throw new Error('token did not verify');
  return store.isRevoked(principal);
}

// Revocations live in the store: the same on SQLite and on PostgreSQL (every hub node reads them).
describe.each(hubStoreKinds)('on $name', (kind) => {
  beforeEach(() => {
    where = kind.make();
    store = where.open();
  });
  afterEach(() => {
    store.close();
    where.cleanup();
  });

  describe('station tokens and revocation', () => {
    it('revoking a station revokes its tokens issued until then, not one issued later in the same second', async () => {
      const second = Date.parse('2026-12-07T08:00:00.000Z');
      const before = await issueToken(key, { ...district, now: second + 120 });
      store.revokeStation(district.station, second + 480);
      const after = await issueToken(key, { ...district, now: second + 730 });
      // All three moments share one whole second: `iat` alone cannot tell them apart.
      expect(Math.floor((second + 120) / 1000)).toBe(Math.floor((second + 730) / 1000));
      expect(await revoked(before.token, second + 900)).toBe(true);
      expect(await revoked(after.token, second + 900)).toBe(false);
      // A token issued in the very millisecond of the revocation is taken as revoked (it may predate it).
      const same = await issueToken(key, { ...district, now: second + 480 });
      expect(await revoked(same.token, second + 900)).toBe(true);
    });

    it('a token without a millisecond issue time counts from the start of its second', async () => {
      const second = Date.parse('2026-12-07T08:00:00.000Z');
      const legacy = await new SignJWT({ jur: district.jurisdiction })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer('duty-room-hub')
        .setAudience('duty-room-station')
        .setSubject(district.station)
        .setJti('legacy-1')
        .setIssuedAt(second / 1000)
        .setExpirationTime(second / 1000 + 3600)
        .sign(key);
      expect((await verifyToken(key, legacy, second + 10))?.issuedAt).toBe(second);
      store.revokeStation(district.station, second + 500);
      expect(await revoked(legacy, second + 900)).toBe(true);
    });

    it('an issue time in the claim that does not match its second is not believed', async () => {
      const second = Date.parse('2026-12-07T08:00:00.000Z');
      const lying = await new SignJWT({ jur: district.jurisdiction, iatMs: second + 60_000 })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer('duty-room-hub')
        .setAudience('duty-room-station')
        .setSubject(district.station)
        .setJti('lying-1')
        .setIssuedAt(second / 1000)
        .setExpirationTime(second / 1000 + 3600)
        .sign(key);
      expect((await verifyToken(key, lying, second + 10))?.issuedAt).toBe(second);
    });

    it('revoking one token leaves the station’s others valid', async () => {
      const now = Date.parse('2026-12-07T08:00:00.000Z');
      const a = await issueToken(key, { ...district, now });
      const b = await issueToken(key, { ...district, now });
      store.revokeToken(a.tokenId, now + 1);
      expect(await revoked(a.token, now + 2)).toBe(true);
      expect(await revoked(b.token, now + 2)).toBe(false);
    });
  });
});
