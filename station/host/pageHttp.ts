import type { IncomingMessage } from 'node:http';

/**
 * What the station's small phone pages (the leader's /phone/ approval page, a team's /field/ terminal) share on
 * the wire: strict headers, the bearer token they carry, and a bounded JSON body.
 */

/** Headers for one of these pages' responses: its own content security policy, nothing cached or leaked. */
export const pageHeaders = (csp: string, type: string) => ({
  'content-type': type,
  'content-security-policy': csp,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
});

/** The token after `Bearer ` in the Authorization header, or '' when there is none. */
export const bearerToken = (req: IncomingMessage): string => {
  const h = req.headers.authorization ?? '';
  return h.startsWith('Bearer ') ? h.slice('Bearer '.length) : '';
};

/** The request's JSON body; throws past `limit` bytes (a phone page never sends more) or on bad JSON. */
export async function readJsonBody(req: IncomingMessage, limit = 8_192): Promise<unknown> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new Error('too large');
    chunks.push(chunk);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}
