/** Which part of the tamper check found something (decision 0015). */
export type CheckName = 'chain' | 'anchors' | 'projections' | 'hub' | 'hub_key';

/**
 * One mismatch, said in Chinese and English. `key` names what it is about (not when it was found), so the
 * same mismatch found again at the next start is the same alarm.
 */
export interface Finding {
  check: CheckName;
  key: string;
  zh: string;
  en: string;
  /** The log position and event concerned, when there is one. */
  pos?: number;
  eventId?: string;
}

export const finding = (
  check: CheckName,
  key: string,
  zh: string,
  en: string,
  at: { pos?: number; eventId?: string } = {},
): Finding => ({
  check,
  key,
  zh,
  en,
  ...(at.pos !== undefined ? { pos: at.pos } : {}),
  ...(at.eventId !== undefined ? { eventId: at.eventId } : {}),
});

/** How many findings of one kind are named before the rest are only counted. */
export const MAX_FINDINGS_PER_CHECK = 20;
