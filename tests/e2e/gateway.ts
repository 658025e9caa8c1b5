import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The far end of the SMS/voice gateway, on loopback: the station's real HTTP adapter speaks to it. It
 * checks the bearer token, answers each idempotency key once with the same id, and keeps what was sent.
 */
export interface SentMessage {
  channel: string;
  to: string;
  text: string;
  key: string;
}

export interface GatewayStub {
  url: string;
  sent: SentMessage[];
  /** The environment a station reads its gateway from, as in production. */
  env: Record<string, string>;
  close(): Promise<void>;
}

const TOKEN = 'e2e-gateway-token';

export async function startGatewayStub(): Promise<GatewayStub> {
  const sent: SentMessage[] = [];
  const ids = new Map<string, string>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      if (req.headers.authorization !== `Bearer ${TOKEN}`) {
        res.writeHead(401).end(JSON.stringify({ error: 'bad token' }));
        return;
      }
      const key = String(req.headers['idempotency-key']);
      if (!ids.has(key)) {
        ids.set(key, `gw-${ids.size + 1}`);
        sent.push({ key, ...(JSON.parse(raw) as Omit<SentMessage, 'key'>) });
      }
      res.writeHead(200).end(JSON.stringify({ id: ids.get(key) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/messages`;
  return {
    url,
    sent,
    env: { DUTYROOM_NOTIFY_URL: url, DUTYROOM_NOTIFY_TOKEN: TOKEN },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
