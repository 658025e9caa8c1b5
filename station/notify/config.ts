import { z } from 'zod';
import { domainError, fromZodError } from '../../shared/errors';
import { fail, ok, type Result } from '../../shared/result';
import type { HttpGatewayOptions } from './httpGateway';

/**
 * Gateway settings as the station reads them (settings file or environment). The token travels in a
 * header, so plain http is allowed only to the local machine (a gateway agent on loopback).
 */
export const GatewayConfig = z.object({
  url: z.url(),
  token: z.string().min(8).max(4096),
  timeoutMs: z.number().int().min(100).max(60_000).default(5000),
  retries: z.number().int().min(0).max(10).default(3),
  backoffMs: z.number().int().min(10).max(60_000).default(500),
});
export type GatewayConfig = z.infer<typeof GatewayConfig>;

const loopback = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function loadGatewayConfig(
  raw: unknown,
): Result<Omit<HttpGatewayOptions, 'logger' | 'sleep' | 'random' | 'clock'>> {
  const parsed = GatewayConfig.safeParse(raw);
  if (!parsed.success) return fail(...fromZodError(parsed.error));
  const url = new URL(parsed.data.url);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback.has(url.hostname))) {
    return fail(domainError('INVALID_FIELD', 'url', 'use https (plain http only to this machine)'));
  }
  return ok(parsed.data);
}

/** From DUTYROOM_NOTIFY_URL / DUTYROOM_NOTIFY_TOKEN; undefined when no gateway is configured. */
export function gatewayConfigFromEnv(env: Record<string, string | undefined>) {
  if (!env.DUTYROOM_NOTIFY_URL) return undefined;
  return loadGatewayConfig({ url: env.DUTYROOM_NOTIFY_URL, token: env.DUTYROOM_NOTIFY_TOKEN ?? '' });
}
