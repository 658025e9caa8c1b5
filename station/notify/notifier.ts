import type { Result } from '../../shared/result';
import type { Instant } from '../../shared/time';

/*
 * Outbound notification (短信 / 语音外呼): how the station tells a person who is not at a station —
 * a headquarters member called up, a grid person in charge who has not answered a warning. One
 * interface, one adapter per gateway; the domain never sees which.
 */

export type OutboundChannel = 'sms' | 'voice';

export interface OutboundNotice {
  /**
   * Idempotency key: a gateway that sees the same key twice sends once. Derive it from what the
   * notice is for (e.g. `hq:<headquartersId>:<personId>`), so that a retry after a crash stays one SMS.
   */
  key: string;
  channel: OutboundChannel;
  /** The phone number; it is masked in every log line. */
  to: string;
  text: string;
  /** What the notice is about, for the log (an event or aggregate id, never personal data). */
  ref?: string;
}

export interface NoticeReceipt {
  /** The gateway's id of the message, kept on record with the notification event. */
  messageId: string;
  attempts: number;
  acceptedAt: Instant;
}

export interface Notifier {
  /** Resolves with a receipt, or with the reason it could not be sent; never throws for a gateway fault. */
  send(notice: OutboundNotice): Promise<Result<NoticeReceipt>>;
}

/** 138****5678: enough to tell numbers apart in a log, not enough to call them. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length >= 7) return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
  return `****${digits.slice(-2)}`;
}

/** Mask every phone-like run of digits in free text (a gateway's error message may echo the number). */
export const maskPhonesIn = (text: string): string =>
  text.replace(/\+?\d[\d\- ]{5,}\d/g, (m) => maskPhone(m));
