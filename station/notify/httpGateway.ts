import { domainError, type DomainError } from '../../shared/errors';
import { fail, ok, type Result } from '../../shared/result';
import { toInstant } from '../../shared/time';
import { maskPhone, maskPhonesIn, type NoticeReceipt, type Notifier, type OutboundNotice } from './notifier';

/** The few logger methods used (pino's signature: fields first, then the message). */
export interface NotifyLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

export interface HttpGatewayOptions {
  /** The gateway's message endpoint, e.g. https://sms.example.gov.cn/v1/messages. */
  url: string;
  /** Bearer token; never logged. */
  token: string;
  /** Per attempt. */
  timeoutMs?: number;
  /** Attempts after the first, for network faults, timeouts, 5xx and 429. */
  retries?: number;
  /** First back-off; doubled each retry, with jitter, capped at maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
  logger?: NotifyLogger;
  /** Replaceable for tests that must not wait; real timers otherwise. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  clock?: () => number;
}

const silent: NotifyLogger = { info: () => undefined, warn: () => undefined };
const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

type Attempt =
  | { kind: 'accepted'; messageId: string; status: number }
  | { kind: 'retry'; reason: string; status?: number; retryAfterMs?: number }
  | { kind: 'refused'; reason: string; status: number };

/** A gateway reply's error text, short and without phone numbers. */
async function replyText(res: Response): Promise<string> {
  const body = await res.text().catch(() => '');
  let text = body;
  try {
    const json = JSON.parse(body) as { error?: unknown; message?: unknown };
    const said = json.error ?? json.message;
    text = said === undefined || said === null ? body : typeof said === 'string' ? said : JSON.stringify(said);
  } catch {
    // not JSON: keep the text as it came
  }
  return maskPhonesIn(text).slice(0, 200);
}

function retryAfterMs(res: Response): number | undefined {
  const header = res.headers.get('retry-after');
  if (!header) return undefined;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

/**
 * SMS / voice gateway over HTTP: `POST <url>` with `{ channel, to, text }`, `Authorization: Bearer`,
 * and an `Idempotency-Key` header that stays the same across retries, so a reply lost on the way
 * back never turns into a second SMS. A 2xx reply carries the gateway's message id (`id`).
 */
export function createHttpGateway(options: HttpGatewayOptions): Notifier {
  const timeoutMs = options.timeoutMs ?? 5000;
  const retries = options.retries ?? 3;
  const backoffMs = options.backoffMs ?? 500;
  const maxBackoffMs = options.maxBackoffMs ?? 8000;
  const log = options.logger ?? silent;
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  const clock = options.clock ?? Date.now;

  async function attempt(notice: OutboundNotice): Promise<Attempt> {
    let res: Response;
    try {
      res = await fetch(options.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${options.token}`,
          'idempotency-key': notice.key,
        },
        body: JSON.stringify({ channel: notice.channel, to: notice.to, text: notice.text }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const name = error instanceof Error ? error.name : '';
      return {
        kind: 'retry',
        reason:
          name === 'TimeoutError' || name === 'AbortError'
            ? `no reply within ${timeoutMs} ms`
            : 'connection failed',
      };
    }
    if (res.ok) {
      const body = (await res.json().catch(() => ({}))) as { id?: unknown; messageId?: unknown };
      const id = body.id ?? body.messageId;
      // Accepted but unnamed: do not retry (that could send twice); report the reply as refused.
      if (typeof id !== 'string' || id.length === 0 || id.length > 128)
        return { kind: 'refused', reason: 'reply has no message id', status: res.status };
      return { kind: 'accepted', messageId: id, status: res.status };
    }
    const reason = await replyText(res);
    if (res.status >= 500 || res.status === 429 || res.status === 408) {
      const after = retryAfterMs(res);
      return {
        kind: 'retry',
        reason,
        status: res.status,
        ...(after !== undefined ? { retryAfterMs: after } : {}),
      };
    }
    return { kind: 'refused', reason, status: res.status };
  }

  return {
    async send(notice: OutboundNotice): Promise<Result<NoticeReceipt>> {
      const fields = { key: notice.key, ref: notice.ref, channel: notice.channel, to: maskPhone(notice.to) };
      let last: Extract<Attempt, { kind: 'retry' }> | undefined;
      for (let n = 1; n <= retries + 1; n++) {
        const started = clock();
        const outcome = await attempt(notice);
        const ms = clock() - started;
        if (outcome.kind === 'accepted') {
          log.info(
            { ...fields, attempt: n, status: outcome.status, ms, messageId: outcome.messageId },
            'notice accepted by gateway',
          );
          return ok({ messageId: outcome.messageId, attempts: n, acceptedAt: toInstant(clock()) });
        }
        if (outcome.kind === 'refused') {
          log.warn(
            { ...fields, attempt: n, status: outcome.status, ms, reason: outcome.reason },
            'notice refused by gateway',
          );
          return fail(refused(outcome.status, outcome.reason));
        }
        last = outcome;
        const exhausted = n > retries;
        log.warn(
          {
            ...fields,
            attempt: n,
            status: outcome.status,
            ms,
            reason: outcome.reason,
            willRetry: !exhausted,
          },
          'gateway attempt failed',
        );
        if (exhausted) break;
        const backoff = Math.min(maxBackoffMs, backoffMs * 2 ** (n - 1) * (0.5 + random() / 2));
        await sleep(Math.min(maxBackoffMs, Math.max(backoff, outcome.retryAfterMs ?? 0)));
      }
      const detail = `${retries + 1} attempts; last: ${last?.status ?? ''} ${last?.reason ?? ''}`
        .replace(/\s+/g, ' ')
        .trim();
      return fail(domainError('NOTIFY_GATEWAY_UNAVAILABLE', 'to', detail));
    },
  };
}

const refused = (status: number, reason: string): DomainError =>
  domainError('NOTIFY_REJECTED', 'to', `HTTP ${status}: ${reason}`);
