import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { timingSafeEqual, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import type { HostApi } from '../setup/launch';
import { domainError } from '../../shared/errors';
import { BASEMAP_PATH, type StationBasemaps } from '../basemap/sources';
import { PHONE_PATH, servePhone } from '../auth/phonePage';
import { FIELD_PATH, fieldRoutes } from '../field/page';
import { ensureSiteCertificate, hostNamesFor, readTlsFiles, type TlsMaterial } from '../../hub/tls';

/**
 * Browser mode: the built renderer over HTTP and the station API over socket.io. Loopback only by
 * default; opening it to the room's network is explicit, over TLS only (decision 0013), and then every
 * socket must show the pairing token that the station printed.
 */
export interface HostOptions {
  /** The station API (or, started with --setup, the first-run calls until the set-up starts the station). */
  api: HostApi;
  /** Folder of the built renderer (vite build output). */
  rendererDir: string;
  host?: string;
  port?: number;
  /** Required when host is not a loopback address. */
  pairingToken?: string;
  /** Demand the pairing token even on loopback (default: only when listening beyond it). */
  requirePairing?: boolean;
  log?: (message: string) => void;
  /** Offline MBTiles packages served under /basemap/, and the XYZ origin the CSP must allow. */
  basemaps?: Pick<StationBasemaps, 'respond' | 'origins'>;
  /** Serve https only with this certificate (PEM); required when host is not a loopback address. */
  tls?: { cert: string; key: string };
}

export interface StationHost {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Content-Security-Policy for the renderer: nothing from outside the station, no inline script. */
export const RENDERER_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "media-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The CSP with the configured XYZ tile server added to img-src and connect-src, and nothing else: the
 * map fetches its tiles from that origin only when the station is configured with one.
 */
export function rendererCsp(tileOrigins: readonly string[] = []): string {
  if (tileOrigins.length === 0) return RENDERER_CSP;
  const extra = tileOrigins.join(' ');
  return RENDERER_CSP.replace("img-src 'self' data: blob:", `img-src 'self' data: blob: ${extra}`).replace(
    "connect-src 'self'",
    `connect-src 'self' ${extra}`,
  );
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.geojson': 'application/geo+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.wav': 'audio/wav',
  '.ico': 'image/x-icon',
};

export const isLoopback = (host: string) => host === '127.0.0.1' || host === '::1' || host === 'localhost';

export const newPairingToken = () => randomBytes(9).toString('base64url');

/**
 * The certificate open mode serves: the site's (`--tls-cert/--tls-key`), else the station's own, made
 * in `DATA/tls/` under the station's site CA for the addresses it listens on (hub/tls.ts), and remade
 * from the same CA when those change. Null on loopback unless the site gave one.
 */
export async function openModeTls(options: {
  listen: string;
  dataDir: string;
  tlsCert?: string | undefined;
  tlsKey?: string | undefined;
}): Promise<(TlsMaterial & { caFingerprint256?: string; caCertFile?: string }) | null> {
  if ((options.tlsCert === undefined) !== (options.tlsKey === undefined))
    throw new Error('TLS needs both --tls-cert and --tls-key');
  if (options.tlsCert !== undefined && options.tlsKey !== undefined)
    return readTlsFiles(options.tlsCert, options.tlsKey);
  if (isLoopback(options.listen)) return null;
  const made = await ensureSiteCertificate({
    dir: join(options.dataDir, 'tls'),
    name: 'station',
    hosts: hostNamesFor(options.listen),
  });
  return {
    ...readTlsFiles(made.certFile, made.keyFile),
    caFingerprint256: made.caFingerprint256,
    caCertFile: made.caCertFile,
  };
}

function sameToken(given: unknown, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A socket's acknowledgement callback, as the client passed it (anything else gets no reply). */
const isAck = (value: unknown): value is (reply: unknown) => void => typeof value === 'function';

export async function startStationHost(options: HostOptions): Promise<StationHost> {
  const host = options.host ?? '127.0.0.1';
  const open = !isLoopback(host);
  const pairing = options.requirePairing ?? open;
  if (pairing && !options.pairingToken)
    throw new Error('a pairing token is required to listen beyond loopback');
  if (open && !options.tls)
    throw new Error('listening beyond loopback needs TLS (a certificate and key): the pairing token would cross the network in the clear');
  const scheme = options.tls ? 'https' : 'http';
  const root = resolve(options.rendererDir);
  const log = options.log ?? (() => {});
  const csp = rendererCsp(options.basemaps?.origins());
  let port = options.port ?? 0;

  // On loopback, a page from another site (DNS rebinding) must not reach the API: accept only our own names.
  const hostAllowed = (header: string | undefined) => {
    if (open) return true;
    if (!header) return false;
    return [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`].includes(header);
  };

  const serveFile = async (req: IncomingMessage, res: ServerResponse) => {
    if (!hostAllowed(req.headers.host)) {
      res.writeHead(421).end();
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://station').pathname);
    if (options.basemaps && pathname.startsWith(BASEMAP_PATH)) {
      const tile = options.basemaps.respond(pathname.slice(BASEMAP_PATH.length));
      res.writeHead(tile.status, { ...tile.headers, 'x-content-type-options': 'nosniff' });
      res.end(req.method === 'HEAD' ? undefined : tile.body);
      return;
    }
    const wanted = normalize(join(root, pathname === '/' ? 'index.html' : pathname));
    if (wanted !== root && !wanted.startsWith(root + sep)) {
      res.writeHead(403).end();
      return;
    }
    let file = wanted;
    try {
      if (!(await stat(file)).isFile()) file = join(root, 'index.html');
    } catch {
      // Unknown paths are client-side routes: the app decides.
      file = extname(wanted) ? '' : join(root, 'index.html');
    }
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, {
        'content-type': contentTypes[extname(file)] ?? 'application/octet-stream',
        'content-security-policy': csp,
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'cross-origin-opener-policy': 'same-origin',
        'x-frame-options': 'DENY',
        'cache-control': extname(file) === '.html' ? 'no-store' : 'public, max-age=3600',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(500).end();
    }
  };

  // The running station's field terminals (a host started with --setup has none until its station runs).
  const field = fieldRoutes(() => options.api.field);
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    // 手机审批: a leader's paired phone (station/auth/phonePage.ts).
    if (new URL(req.url ?? '/', 'http://station').pathname.startsWith(PHONE_PATH)) {
      if (!hostAllowed(req.headers.host)) return void res.writeHead(421).end();
      const phone = options.api.phone;
      if (!phone) return void res.writeHead(404).end();
      servePhone(phone, req, res).catch(() => res.writeHead(500).end());
      return;
    }
    // 外勤终端: a team leader's paired phone (station/field/page.ts).
    if (new URL(req.url ?? '/', 'http://station').pathname.startsWith(FIELD_PATH)) {
      if (!hostAllowed(req.headers.host)) return void res.writeHead(421).end();
      field.serve(req, res).catch(() => (res.headersSent ? res.end() : res.writeHead(500).end()));
      return;
    }
    serveFile(req, res).catch(() => res.writeHead(500).end());
  };
  // With TLS nothing listens in plain text: a plain http request fails at the handshake.
  const http = options.tls
    ? createTlsServer({ cert: options.tls.cert, key: options.tls.key, minVersion: 'TLSv1.2' }, handle)
    : createServer(handle);

  const io = new Server(http, {
    path: '/api/socket.io',
    serveClient: false,
    maxHttpBufferSize: 1_000_000,
    // Same origin only: the page we served, nothing else.
    allowRequest: (req, callback) => {
      const origin = req.headers.origin;
      const okHost = hostAllowed(req.headers.host);
      const okOrigin = origin === undefined || origin === `${scheme}://${req.headers.host}`;
      callback(null, okHost && okOrigin);
    },
  });

  io.use((socket, next) => {
    if (
      !pairing ||
      (options.pairingToken &&
        sameToken((socket.handshake.auth as { token?: unknown }).token, options.pairingToken))
    ) {
      next();
      return;
    }
    const error = new Error('NOT_PAIRED') as Error & { data?: unknown };
    error.data = domainError('NOT_PAIRED');
    next(error);
  });

  io.on('connection', (socket) => {
    // Each socket is a screen (issue 17): a console acts as whoever signs in at it; one that says it is
    // the wall display (?view=wall) only receives pushes and asks queries. Saying "wall" only ever takes
    // power away, so the station can believe it.
    const auth = socket.handshake.auth as { screen?: unknown };
    const screen = options.api.connect(
      auth.screen === 'wall' ? 'wall' : 'console',
      `socket:${socket.handshake.address}`,
    );
    const unsubscribe = options.api.subscribe((push) => socket.emit('push', push));
    socket.on('request', (request: unknown, ack: unknown) => {
      if (!isAck(ack)) return;
      screen
        .dispatch(request)
        .then((reply) => ack(reply))
        .catch(() => ack({ ok: false, errors: [domainError('INVALID_REPLY')] }));
    });
    socket.on('disconnect', () => unsubscribe());
  });

  await new Promise<void>((resolveListen, reject) => {
    http.once('error', reject);
    http.listen(port, host, () => resolveListen());
  });
  port = (http.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  const url = `${scheme}://${shownHost}:${port}/`;
  log(`station host listening on ${url}${open ? ' (open to the network; pairing token required)' : ''}`);

  return {
    url,
    port,
    close: () =>
      new Promise<void>((done, fail) => {
        // Open push streams to field terminals would hold the server open: end them first.
        field.close();
        io.close(() => done()).catch(fail);
      }),
  };
}
