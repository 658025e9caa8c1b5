import { useState } from 'react';
import type { Report, ReportContent, ReportKind } from '../../../shared/domain/report';
import { useAppDispatch } from '../../app/hooks';
import { fetchDraft, saveReport } from './commands';
import type { Editing } from './ReportEditor';

/**
 * The report being written on the desk: a draft of a kind fetched from the record, or a revision; whether it
 * has unsaved edits, and the Esc that was pressed once over them (a second Esc discards them and closes).
 */
export function useReportDraft(
  incidentId: string,
  own: readonly Report[],
  failed: (errors: unknown) => void,
  clearErrors: () => void,
) {
  const dispatch = useAppDispatch();
  const [editing, setEditing] = useState<Editing | null>(null);
  /** Set once Esc was pressed over unsaved edits: a second Esc discards them and closes. */
  const [escapeArmed, setEscapeArmed] = useState(false);
  const [pristine, setPristine] = useState<ReportContent | null>(null);
  const dirty = editing !== null && pristine !== null && editing.content !== pristine;

  const begin = (next: Editing) => {
    setEditing(next);
    setPristine(next.content);
    setEscapeArmed(false);
  };

  const startDraft = async (kind: ReportKind) => {
    clearErrors();
    try {
      const content = await dispatch(fetchDraft({ incidentId, kind })).unwrap();
      const previous = [...own]
        .map((r) => r.versions.at(-1))
        .filter((v) => v !== undefined)
        .sort((a, b) => (a.authoredAt < b.authoredAt ? 1 : -1))[0];
      begin({
        kind,
        content,
        ...(kind !== 'initial' && previous ? { previous: previous.content } : {}),
      });
    } catch (e) {
      failed(e);
    }
  };

  const save = async (submit: boolean) => {
    if (!editing) return;
    try {
      await dispatch(saveReport({ ...editing, incidentId, submit })).unwrap();
      setEditing(null);
      clearErrors();
    } catch (e) {
      failed(e);
    }
  };

  return { editing, setEditing, begin, dirty, escapeArmed, setEscapeArmed, startDraft, save };
}
