import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { AnchorPublicKey, anchorSigningText, type Anchor, type AnchorAlg } from '../../shared/sync/protocol';

/*
 * Checking the hub's anchor signatures offline (decision 0015). One verifier per algorithm name, chosen
 * by the name each anchor carries: a site bound to 国密 adds an SM2 entry (with SM3 as its digest) and
 * the hub signs with the matching signer (hub/anchors.ts); nothing else changes.
 */

export interface AnchorVerifier {
  /** The key object for a public key as the hub hands it out (SPKI DER, base64url). */
  load(key: string): KeyObject;
  verify(key: KeyObject, text: string, signature: Buffer): boolean;
}

const verifiers: Record<AnchorAlg, AnchorVerifier> = {
  Ed25519: {
    load: (key) => {
      const object = createPublicKey({ key: Buffer.from(key, 'base64url'), format: 'der', type: 'spki' });
      if (object.asymmetricKeyType !== 'ed25519')
        throw new Error(`not an Ed25519 key (${String(object.asymmetricKeyType)})`);
      return object;
    },
    verify: (key, text, signature) => verify(null, Buffer.from(text, 'utf8'), key, signature),
  },
};

/** The id a key must carry: the first 128 bits of sha256 over its SPKI DER, in hex (as hub/anchors.ts). */
export const keyIdFor = (key: string): string =>
  createHash('sha256').update(Buffer.from(key, 'base64url')).digest('hex').slice(0, 32);

/** A public key from a PEM file's text (the hub writes anchor-key.pub.pem beside its private key). */
export function publicKeyFromPem(pem: string): AnchorPublicKey {
  const object = createPublicKey(pem);
  if (object.asymmetricKeyType !== 'ed25519')
    throw new Error(`the hub anchor key must be Ed25519; this PEM holds ${String(object.asymmetricKeyType)}`);
  const key = object.export({ type: 'spki', format: 'der' }).toString('base64url');
  return AnchorPublicKey.parse({ alg: 'Ed25519', key, keyId: keyIdFor(key) });
}

/** Why an anchor fails against a key, or null when its signature holds. */
export function anchorSignatureProblem(anchor: Anchor, publicKey: AnchorPublicKey): string | null {
  const verifier = verifiers[anchor.alg];
  if (!verifier) return `unknown signature algorithm ${anchor.alg}`;
  // Read as a name: the check holds for the algorithms a site may add (SM2), not only the one typed today.
  const signedWith: string = anchor.alg;
  if (signedWith !== publicKey.alg)
    return `the anchor is signed with ${signedWith}, the pinned key is ${publicKey.alg}`;
  if (anchor.keyId !== publicKey.keyId)
    return `signed with key ${anchor.keyId}, not the pinned key ${publicKey.keyId}`;
  if (keyIdFor(publicKey.key) !== publicKey.keyId)
    return `the pinned key does not match its id ${publicKey.keyId}`;
  let key: KeyObject;
  try {
    key = cachedKey(publicKey);
  } catch (error) {
    return `the pinned key cannot be read: ${error instanceof Error ? error.message : String(error)}`;
  }
  const { signature, ...signed } = anchor;
  const ok = verifier.verify(key, anchorSigningText(signed), Buffer.from(signature, 'base64url'));
  return ok ? null : 'the signature does not verify';
}

const keys = new Map<string, KeyObject>();
function cachedKey(publicKey: AnchorPublicKey): KeyObject {
  const id = `${publicKey.alg}:${publicKey.key}`;
  let key = keys.get(id);
  if (!key) {
    key = verifiers[publicKey.alg].load(publicKey.key);
    if (keys.size > 16) keys.clear();
    keys.set(id, key);
  }
  return key;
}
