import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  type KeyObject,
} from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { domainError } from '../shared/errors';
import { toInstant } from '../shared/time';
import {
  AnchorRequest,
  anchorSigningText,
  type Anchor,
  type AnchorAlg,
  type AnchorPublicKey,
  type AnchorReply,
  type StationPrincipal,
} from '../shared/sync/protocol';
import type { HubEventStore } from './store';

/*
 * The hub's anchors (decision 0015): a signature over a station's chain head, given with every
 * acknowledgement and on request, that the station can check offline with the hub's public key.
 */

/** Signs anchor texts with one private key; the algorithm is named so that a site can bring another (SM2). */
export interface AnchorSigner {
  readonly alg: AnchorAlg;
  readonly publicKey: AnchorPublicKey;
  /** The signature over `text` (UTF-8), base64url. */
  sign(text: string): string;
}

/** How each algorithm makes and loads keys. Only Ed25519 ships; 国密 SM2 would be one more entry. */
const algorithms: Record<
  AnchorAlg,
  { generate: () => KeyObject; sign: (key: KeyObject, data: Buffer) => Buffer }
> = {
  Ed25519: {
    generate: () => generateKeyPairSync('ed25519').privateKey,
    sign: (key, data) => sign(null, data, key),
  },
};

/** The public key as stations get it: SPKI DER, base64url, and its id. */
export function publicKeyOf(alg: AnchorAlg, privateKey: KeyObject): AnchorPublicKey {
  const der = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  return { alg, key: der.toString('base64url'), keyId: keyIdOf(der) };
}

/** A key's id: the first 128 bits of sha256 over its SPKI DER, in hex. */
export const keyIdOf = (spkiDer: Buffer): string =>
  createHash('sha256').update(spkiDer).digest('hex').slice(0, 32);

export function signerFromKey(alg: AnchorAlg, privateKey: KeyObject): AnchorSigner {
  const publicKey = publicKeyOf(alg, privateKey);
  const impl = algorithms[alg];
  return {
    alg,
    publicKey,
    sign: (text) => impl.sign(privateKey, Buffer.from(text, 'utf8')).toString('base64url'),
  };
}

/** A key that lives as long as the process (tests, and a hub started without a data directory). */
export function ephemeralAnchorSigner(alg: AnchorAlg = 'Ed25519'): AnchorSigner {
  return signerFromKey(alg, algorithms[alg].generate());
}

export const ANCHOR_KEY_FILE = 'anchor-key.pem';
export const ANCHOR_PUBLIC_KEY_FILE = 'anchor-key.pub.pem';

/**
 * The hub's anchor key from its data directory: `anchor-key.pem` (PKCS#8, owner-only, 0600), made on
 * first start, and `anchor-key.pub.pem` beside it for stations that are given the key by file. A key
 * file readable by others is refused: anyone who can read it can sign anchors as this hub.
 */
export function loadAnchorSigner(dataDir: string, alg: AnchorAlg = 'Ed25519'): AnchorSigner {
  const file = join(dataDir, ANCHOR_KEY_FILE);
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    const key = algorithms[alg].generate();
    writeFileSync(file, key.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
  }
  if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0)
    throw new Error(
      `${file} is readable by other users (mode ${(statSync(file).mode & 0o777).toString(8)}); run: chmod 600 ${file}`,
    );
  const privateKey = createPrivateKey(readFileSync(file));
  const keyAlg = privateKey.asymmetricKeyType === 'ed25519' ? 'Ed25519' : null;
  if (keyAlg !== alg)
    throw new Error(
      `${file} holds a ${String(privateKey.asymmetricKeyType)} key; anchors here are signed with ${alg}`,
    );
  const signer = signerFromKey(alg, privateKey);
  const pub = join(dataDir, ANCHOR_PUBLIC_KEY_FILE);
  const pem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' });
  if (!existsSync(pub) || readFileSync(pub, 'utf8') !== pem) writeFileSync(pub, pem, { mode: 0o644 });
  return signer;
}

/** Anchors for one hub: what the acknowledgement carries, and the reply to a station's `anchor` request. */
export interface HubAnchors {
  readonly publicKey: AnchorPublicKey;
  /** The station's chain head as the hub holds it now, signed; null before its first event. */
  anchorOf(station: string): Anchor | null;
  /** The `anchor` message: the asking station's head (station from its token, never from the message). */
  reply(principal: StationPrincipal, body: unknown): AnchorReply;
}

export function hubAnchors(
  store: Pick<HubEventStore, 'stationHead'>,
  signer: AnchorSigner,
  clock: () => number = Date.now,
): HubAnchors {
  const anchorOf = (station: string): Anchor | null => {
    const head = store.stationHead(station);
    if (!head) return null;
    const unsigned = {
      station,
      seq: head.stationSeq,
      head: head.hash,
      hubTime: toInstant(clock()),
      alg: signer.alg,
      keyId: signer.publicKey.keyId,
    };
    return { ...unsigned, signature: signer.sign(anchorSigningText(unsigned)) };
  };
  return {
    publicKey: signer.publicKey,
    anchorOf,
    reply(principal, body) {
      const request = AnchorRequest.safeParse(body ?? {});
      if (!request.success)
        return {
          ok: false,
          errors: [domainError('INVALID_FIELD', 'anchor', request.error.issues[0]?.message)],
        };
      return { ok: true, anchor: anchorOf(principal.station), publicKey: signer.publicKey };
    },
  };
}
