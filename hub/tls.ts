// TLS for the hub and for a station open to the room's network (issue 17, "Transport and files";
// decision 0013): certificates a site brings (--tls-cert/--tls-key), or a site CA and server
// certificates made here (`npm run hub -- make-cert`, and a station's open mode by itself), with the
// SHA-256 fingerprints a person compares on the screen they are pairing.
import { createPrivateKey, randomBytes, webcrypto, X509Certificate, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { hostname, networkInterfaces } from 'node:os';
import { isIP } from 'node:net';
import { join } from 'node:path';
import type * as X509Types from '@peculiar/x509';
import { ownerOnlyDir, readableByOthers, writeOwnerOnly } from './secrets';

/** What a TLS server needs, as read and checked from a site's files. */
export interface TlsMaterial {
  /** PEM: the server certificate, then any chain the file carries. */
  cert: string;
  /** PEM private key. */
  key: string;
  /** SHA-256 of the server certificate, `AB:CD:…`, as browsers show it. */
  fingerprint256: string;
  /** The names it is valid for, as the certificate lists them (`DNS:…, IP Address:…`). */
  subjectAltName: string;
  validTo: Date;
  /** Problems that do not stop the start (a key others can read, a certificate close to its end). */
  warnings: string[];
}

const DAY_MS = 24 * 3600 * 1000;
const DNS_NAME = /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/;

/** The first certificate of a PEM file, parsed; a clear error for anything else. */
function parseCertificate(pem: string, what: string): X509Certificate {
  try {
    return new X509Certificate(pem);
  } catch (error) {
    throw new Error(
      `${what} is not a PEM certificate (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}

/** SHA-256 fingerprint of a PEM certificate, `AB:CD:…`. */
export function certificateFingerprint(pem: string): string {
  return parseCertificate(pem, 'the certificate').fingerprint256;
}

/**
 * Read a server certificate and its private key from a site's files and check them before serving:
 * both parse, the key is the certificate's, and the certificate is valid now.
 */
export function readTlsFiles(certFile: string, keyFile: string, now = new Date()): TlsMaterial {
  const read = (file: string, what: string) => {
    try {
      return readFileSync(file, 'utf8');
    } catch (error) {
      throw new Error(
        `${what} ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      );
    }
  };
  const cert = read(certFile, '--tls-cert');
  const key = read(keyFile, '--tls-key');
  const x509 = parseCertificate(cert, `--tls-cert ${certFile}`);
  let keyObject: KeyObject;
  try {
    keyObject = createPrivateKey(key);
  } catch (error) {
    throw new Error(
      `--tls-key ${keyFile} is not a PEM private key (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  if (!x509.checkPrivateKey(keyObject))
    throw new Error(`--tls-key ${keyFile} is not the private key of the certificate ${certFile}`);
  const validTo = new Date(x509.validTo);
  if (validTo.getTime() <= now.getTime())
    throw new Error(`the certificate ${certFile} expired on ${validTo.toISOString()}`);
  if (new Date(x509.validFrom).getTime() > now.getTime())
    throw new Error(
      `the certificate ${certFile} is not valid before ${new Date(x509.validFrom).toISOString()}`,
    );
  const warnings: string[] = [];
  if (readableByOthers(keyFile))
    warnings.push(
      `warning: the private key ${keyFile} can be read by other users; run: chmod 600 ${keyFile}`,
    );
  if (validTo.getTime() - now.getTime() < 30 * DAY_MS)
    warnings.push(`warning: the certificate ${certFile} ends on ${validTo.toISOString()}; make a new one`);
  return {
    cert,
    key,
    fingerprint256: x509.fingerprint256,
    subjectAltName: x509.subjectAltName ?? '',
    validTo,
    warnings,
  };
}

/** A CA certificate file a client trusts (the site CA), checked to be one. */
export function readCaFile(file: string): string {
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(
      `--hub-ca ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    );
  }
  const ca = parseCertificate(pem, `--hub-ca ${file}`);
  if (!ca.ca) throw new Error(`--hub-ca ${file} is not a CA certificate (give the site CA, ca.crt)`);
  return pem;
}

/** The names and addresses a server listening on `listen` is reached by, for its certificate. */
export function hostNamesFor(listen: string): string[] {
  const names = new Set<string>();
  if (listen === '0.0.0.0' || listen === '::') {
    for (const list of Object.values(networkInterfaces()))
      for (const address of list ?? []) {
        if (address.family === 'IPv4' || (address.family === 'IPv6' && !address.address.startsWith('fe80')))
          names.add(address.address);
      }
    // The machine's name too, when it is one a certificate can carry (not every OS name is a DNS name).
    if (DNS_NAME.test(hostname())) names.add(hostname());
  } else names.add(listen);
  names.add('localhost');
  names.add('127.0.0.1');
  return [...names];
}

// ---- Making a site CA and server certificates -------------------------------------------------

type X509Module = typeof X509Types;
let x509Module: Promise<X509Module> | undefined;
/** @peculiar/x509 is loaded only to make certificates; its DI container wants the reflect polyfill first. */
function loadX509(): Promise<X509Module> {
  x509Module ??= import('reflect-metadata').then(async () => {
    const m = await import('@peculiar/x509');
    m.cryptoProvider.set(globalThis.crypto);
    return m;
  });
  return x509Module;
}

type CryptoKey = webcrypto.CryptoKey;
const EC: webcrypto.EcKeyGenParams & webcrypto.EcKeyImportParams = { name: 'ECDSA', namedCurve: 'P-256' };
const SIGNING: webcrypto.EcdsaParams = { name: 'ECDSA', hash: 'SHA-256' };

const toPem = (der: ArrayBuffer, label: string) =>
  `-----BEGIN ${label}-----\n${(
    Buffer.from(der)
      .toString('base64')
      .match(/.{1,64}/g) ?? []
  ).join('\n')}\n-----END ${label}-----\n`;

async function exportKeyPem(key: CryptoKey): Promise<string> {
  return toPem(await webcrypto.subtle.exportKey('pkcs8', key), 'PRIVATE KEY');
}

/** A CA key made here (ECDSA P-256, PKCS#8 PEM), for signing. */
async function importCaKey(pem: string, file: string): Promise<CryptoKey> {
  const key = createPrivateKey(pem);
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1')
    throw new Error(
      `${file}: make-cert signs with an ECDSA P-256 CA key (the kind it makes); this one is not`,
    );
  const der = key.export({ type: 'pkcs8', format: 'der' });
  return webcrypto.subtle.importKey('pkcs8', der, EC, false, ['sign']);
}

const serial = () => {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] ?? 0) & 0x7f; // a positive number
  return bytes.toString('hex');
};

export interface SiteCertificates {
  dir: string;
  caCertFile: string;
  caKeyFile: string;
  certFile: string;
  keyFile: string;
  caFingerprint256: string;
  fingerprint256: string;
  hosts: string[];
  /** True when this call made the site CA (else it signed with the one in `dir`). */
  madeCa: boolean;
}

/**
 * Make (or reuse) the site CA in `dir` and a server certificate `<name>.crt` for `hosts` signed by it.
 * Private keys are written 0600 in a 0700 folder. A site CA already there is reused, so that screens
 * and stations that trust it keep trusting every certificate made after.
 */
export async function makeSiteCertificate(options: {
  dir: string;
  name: string;
  hosts: readonly string[];
  /** Days the server certificate is valid (default 825, what browsers accept of a private CA). */
  days?: number;
  now?: Date;
}): Promise<SiteCertificates> {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(options.name))
    throw new Error(`certificate name "${options.name}" must be letters, digits, - or _`);
  if (options.name === 'ca') throw new Error('"ca" is the site CA\'s own name; choose another');
  const hosts = [...new Set(options.hosts.map((h) => h.trim()).filter((h) => h !== ''))];
  if (hosts.length === 0)
    throw new Error('give at least one --host (the name or address the server is reached by)');
  for (const h of hosts)
    if (isIP(h) === 0 && !DNS_NAME.test(h))
      throw new Error(`--host "${h}" is neither an IP address nor a host name`);
  const days = options.days ?? 825;
  if (!Number.isSafeInteger(days) || days <= 0 || days > 3650)
    throw new Error('--days must be a whole number of days from 1 to 3650');
  const now = options.now ?? new Date();
  const x509 = await loadX509();
  ownerOnlyDir(options.dir, { tighten: true });
  const caCertFile = join(options.dir, 'ca.crt');
  const caKeyFile = join(options.dir, 'ca.key');

  let caCert: InstanceType<X509Module['X509Certificate']>;
  let caKey: CryptoKey;
  let madeCa = false;
  if (existsSync(caCertFile) && existsSync(caKeyFile)) {
    caCert = new x509.X509Certificate(readFileSync(caCertFile, 'utf8'));
    caKey = await importCaKey(readFileSync(caKeyFile, 'utf8'), caKeyFile);
    if (caCert.notAfter.getTime() <= now.getTime())
      throw new Error(`the site CA ${caCertFile} has expired; move ${options.dir} aside to make a new one`);
  } else if (existsSync(caCertFile) || existsSync(caKeyFile)) {
    throw new Error(
      `${options.dir} holds half a site CA (ca.crt or ca.key missing); restore it or move the folder aside`,
    );
  } else {
    const keys = await webcrypto.subtle.generateKey(EC, true, ['sign', 'verify']);
    caCert = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: serial(),
      name: `CN=Duty Room site CA ${now.toISOString().slice(0, 10)}, O=Duty Room`,
      notBefore: new Date(now.getTime() - 3600_000),
      notAfter: new Date(now.getTime() + 10 * 365 * DAY_MS),
      keys,
      signingAlgorithm: SIGNING,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      ],
    });
    writeOwnerOnly(caKeyFile, await exportKeyPem(keys.privateKey), 'wx');
    // The CA certificate is public: it is what stations and screens install to trust the site.
    writeOwnerOnly(caCertFile, caCert.toString('pem') + '\n', 'wx');
    caKey = keys.privateKey;
    madeCa = true;
  }

  const keys = await webcrypto.subtle.generateKey(EC, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: `CN=${hosts[0]}, O=Duty Room`,
    issuer: caCert.subject,
    notBefore: new Date(now.getTime() - 3600_000),
    notAfter: new Date(Math.min(now.getTime() + days * DAY_MS, caCert.notAfter.getTime())),
    publicKey: keys.publicKey,
    signingKey: caKey,
    signingAlgorithm: SIGNING,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(
        hosts.map((h) => ({ type: isIP(h) === 0 ? ('dns' as const) : ('ip' as const), value: h })),
      ),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(caCert.publicKey),
    ],
  });
  const certFile = join(options.dir, `${options.name}.crt`);
  const keyFile = join(options.dir, `${options.name}.key`);
  writeOwnerOnly(keyFile, await exportKeyPem(keys.privateKey));
  const certPem = cert.toString('pem') + '\n';
  writeOwnerOnly(certFile, certPem);
  return {
    dir: options.dir,
    caCertFile,
    caKeyFile,
    certFile,
    keyFile,
    caFingerprint256: certificateFingerprint(readFileSync(caCertFile, 'utf8')),
    fingerprint256: certificateFingerprint(certPem),
    hosts,
    madeCa,
  };
}

/**
 * A station's own certificate for its open mode: the one in `dir` while it covers `hosts` and has
 * more than 30 days left, else a new one signed by the station's site CA (made the first time).
 */
export async function ensureSiteCertificate(options: {
  dir: string;
  name: string;
  hosts: readonly string[];
  now?: Date;
}): Promise<SiteCertificates & { reused: boolean }> {
  const now = options.now ?? new Date();
  const certFile = join(options.dir, `${options.name}.crt`);
  const keyFile = join(options.dir, `${options.name}.key`);
  const caCertFile = join(options.dir, 'ca.crt');
  if (existsSync(certFile) && existsSync(keyFile) && existsSync(caCertFile)) {
    try {
      const material = readTlsFiles(certFile, keyFile, now);
      const cert = new X509Certificate(material.cert);
      const ca = new X509Certificate(readFileSync(caCertFile, 'utf8'));
      const covers = options.hosts.every(
        (h) => (isIP(h) === 0 ? cert.checkHost(h) : cert.checkIP(h)) !== undefined,
      );
      if (covers && cert.verify(ca.publicKey) && material.validTo.getTime() - now.getTime() > 30 * DAY_MS)
        return {
          dir: options.dir,
          caCertFile,
          caKeyFile: join(options.dir, 'ca.key'),
          certFile,
          keyFile,
          caFingerprint256: ca.fingerprint256,
          fingerprint256: material.fingerprint256,
          hosts: [...options.hosts],
          madeCa: false,
          reused: true,
        };
    } catch {
      // Unreadable, expired or for other names: make a new one below.
    }
  }
  return { ...(await makeSiteCertificate({ ...options, now })), reused: false };
}
