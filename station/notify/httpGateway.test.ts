import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpGateway, type HttpGatewayOptions, type NotifyLogger } from './httpGateway';
import { maskPhone, type OutboundNotice } from './notifier';

/*
 * A gateway stub on a real loopback socket: each request is recorded, and the test scripts the
 * replies one by one ('hang' never answers, so the client's timeout must fire).
 */
interface Seen {
  headers: IncomingMessage['headers'];
  body: unknown;
}
type Reply = { status: number; body?: unknown; headers?: Record<string, string> } | 'hang';

let server: Server | undefined;

async function gatewayStub(replies: Reply[]): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      seen.push({ headers: req.headers, body: JSON.parse(raw) });
      const reply = replies[Math.min(seen.length, replies.length) - 1];
      if (reply === 'hang') return;
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      res.end(JSON.stringify(reply.body ?? {}));
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/v1/messages`, seen };
}

afterEach(async () => {
  if (!server) return;
  server.closeAllConnections();
  await new Promise<void>((resolve) => server!.close(() => resolve()));
  server = undefined;
});

/** A logger that keeps every line as JSON text, to check nothing personal leaks. */
function capturingLogger(): NotifyLogger & { lines: string[] } {
  const lines: string[] = [];
  const keep = (fields: object, message: string) => lines.push(JSON.stringify({ ...fields, message }));
  return { lines, info: keep, warn: keep };
}

const notice: OutboundNotice = {
  key: 'hq:01JZ0000000000000000000000:p-qian',
  channel: 'sms',
  to: '13800003333',
  text: '【区防指】区防汛Ⅲ级应急响应已启动，请于45分钟内到区应急指挥中心到岗。',
  ref: 'headquarters:01JZ0000000000000000000000',
};

const gateway = (url: string, extra: Partial<HttpGatewayOptions> = {}) =>
  // Generous per-attempt timeout: the first fetch of a process is slow on a loaded machine.
  createHttpGateway({ url, token: 'secret-token-123', timeoutMs: 3000, retries: 2, backoffMs: 20, ...extra });

describe('SMS / voice gateway over HTTP', () => {
  it('sends the notice with the token and idempotency key and returns the gateway message id', async () => {
    const { url, seen } = await gatewayStub([{ status: 200, body: { id: 'gw-msg-1' } }]);
    const logger = capturingLogger();
    const result = await gateway(url, { logger }).send(notice);
    expect(result.ok && { id: result.value.messageId, attempts: result.value.attempts }).toEqual({
      id: 'gw-msg-1',
      attempts: 1,
    });
    expect(seen).toHaveLength(1);
    expect(seen[0].headers.authorization).toBe('Bearer secret-token-123');
    expect(seen[0].headers['idempotency-key']).toBe(notice.key);
    expect(seen[0].body).toEqual({ channel: 'sms', to: '13800003333', text: notice.text });
    // The log names the masked number and never the number or the token.
    const log = logger.lines.join('\n');
    expect(log).toContain('138****3333');
    expect(log).not.toContain('13800003333');
    expect(log).not.toContain('secret-token-123');
  });

  it('retries a 5xx reply with the same idempotency key and succeeds on the next attempt', async () => {
    const { url, seen } = await gatewayStub([
      { status: 503, body: { error: 'busy' } },
      { status: 202, body: { id: 'gw-msg-2' } },
    ]);
    const logger = capturingLogger();
    const result = await gateway(url, { logger }).send(notice);
    expect(result.ok && result.value).toMatchObject({ messageId: 'gw-msg-2', attempts: 2 });
    expect(seen.map((s) => s.headers['idempotency-key'])).toEqual([notice.key, notice.key]);
    expect(logger.lines[0]).toContain('"willRetry":true');
  });

  it('does not retry a 4xx reply and says why, with the echoed number masked', async () => {
    const { url, seen } = await gatewayStub([
      { status: 400, body: { error: 'invalid number 13800003333' } },
      { status: 200, body: { id: 'never' } },
    ]);
    const logger = capturingLogger();
    const result = await gateway(url, { logger }).send(notice);
    expect(seen).toHaveLength(1);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]).toMatchObject({
      code: 'NOTIFY_REJECTED',
      field: 'to',
      detail: 'HTTP 400: invalid number 138****3333',
    });
    expect(logger.lines.join('\n')).not.toContain('13800003333');
  });

  it('a wrong token is refused at once, not retried', async () => {
    const { url, seen } = await gatewayStub([{ status: 401, body: { error: 'bad token' } }]);
    const result = await gateway(url).send(notice);
    expect(seen).toHaveLength(1);
    expect(!result.ok && result.errors[0].detail).toBe('HTTP 401: bad token');
  });

  it('a gateway that does not answer times out on each attempt and is reported unavailable', async () => {
    const { url, seen } = await gatewayStub(['hang']);
    const started = Date.now();
    const result = await gateway(url, { timeoutMs: 150, retries: 1 }).send(notice);
    expect(seen).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(!result.ok && result.errors[0]).toMatchObject({
      code: 'NOTIFY_GATEWAY_UNAVAILABLE',
      detail: '2 attempts; last: no reply within 150 ms',
    });
  });

  it('a timeout followed by an answer succeeds on the retry', async () => {
    const { url, seen } = await gatewayStub(['hang', { status: 200, body: { id: 'gw-msg-3' } }]);
    const result = await gateway(url, { timeoutMs: 500 }).send(notice);
    expect(result.ok && result.value).toMatchObject({ messageId: 'gw-msg-3', attempts: 2 });
    expect(seen).toHaveLength(2);
  });

  it('a gateway that is down (connection refused) is reported unavailable after the retries', async () => {
    const { url } = await gatewayStub([]);
    server!.closeAllConnections();
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
    const result = await gateway(url).send(notice);
    expect(!result.ok && result.errors[0]).toMatchObject({
      code: 'NOTIFY_GATEWAY_UNAVAILABLE',
      detail: '3 attempts; last: connection failed',
    });
  });

  it('waits as long as the gateway asks (Retry-After) within the cap', async () => {
    const { url } = await gatewayStub([
      { status: 429, headers: { 'retry-after': '1' } },
      { status: 200, body: { id: 'gw-msg-4' } },
    ]);
    const waits: number[] = [];
    const result = await gateway(url, { maxBackoffMs: 600, sleep: async (ms) => void waits.push(ms) }).send(
      notice,
    );
    expect(result.ok).toBe(true);
    expect(waits).toEqual([600]);
  });
});

describe('phone masking', () => {
  it.each([
    ['13800003333', '138****3333'],
    ['+86 138-0000-3333', '861****3333'],
    ['023-4000000', '023****0000'],
    ['12345', '****45'],
  ])('%s is logged as %s', (phone, masked) => {
    expect(maskPhone(phone)).toBe(masked);
  });
});
