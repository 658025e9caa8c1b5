import { useCallback, type KeyboardEvent } from 'react';
import type { DomainError } from '../../../shared/errors';
import { useAppSelector } from '../../app/hooks';
import { selectLanguage } from '../header/selectors';
import { type LineDraft } from './entryLine';

/** The same kind, counterpart, text and incident: the line was not touched since it was sent. */
export const sameLine = (a: LineDraft, b: LineDraft) =>
  a.kind === b.kind && a.text === b.text && a.counterpart === b.counterpart && a.incidentId === b.incidentId;

/** Enter that is not the end of an input-method composition (拼音 input uses Enter to commit letters). */
export const isPlainEnter = (e: KeyboardEvent) =>
  e.key === 'Enter' && !e.nativeEvent.isComposing && !e.shiftKey && !e.ctrlKey && !e.altKey;

/** A domain error in the console's language. */
export function useErrorText() {
  const language = useAppSelector(selectLanguage);
  return useCallback((e: DomainError) => (language === 'en' ? e.message.en : e.message.zh), [language]);
}
