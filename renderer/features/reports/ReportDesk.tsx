import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { Report } from '../../../shared/domain/report';
import type { ApiOutput } from '../../../shared/api/contract';
import type { DomainError } from '../../../shared/errors';
import type { Obligation } from '../../../shared/rules/obligation';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { fetchTrail, reportCommand, type ReportCommand } from './commands';
import { reportDeskOpened, reportsAdapter } from './slice';
import { addresseeOf, type ReportStep } from './workflow';
import './reports.css';
import { ConfirmSigning, RecordPhoneApproval } from '../signin/ConfirmSigning';
import { ReportEditor } from './ReportEditor';
import { ReportObligations } from './ReportObligations';
import { ReportList } from './ReportList';
import { ReportTrail } from './ReportTrail';
import { ReturnForm } from './ReturnForm';
import { useReportDraft } from './useReportDraft';
import { useDeskFocus } from './useDeskFocus';

const reports = reportsAdapter.getSelectors(
  (s: { reports: { reports: ReturnType<typeof reportsAdapter.getInitialState> } }) => s.reports.reports,
);
const NONE: Obligation[] = [];

/**
 * The report desk of one incident: draft 首报/续报/终报 from the record, edit, submit for 签发, approve or
 * return (the leader), send upward, and see every version with its diff, author, approver and times.
 */
export function ReportDesk({ incidentId }: { incidentId: string }) {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const incident = useAppSelector((s) => s.incidents.entities[incidentId]);
  const station = useAppSelector((s) => s.station.info);
  const all = useAppSelector(reports.selectAll);
  const own = all.filter((r) => r.incidentId === incidentId);
  const obligations = useAppSelector((s) => s.reports.obligations.entities[incidentId]?.obligations ?? NONE);
  const [errors, setErrors] = useState<DomainError[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const [trail, setTrail] = useState<ApiOutput<'reportTrail'> | null>(null);
  const [printHtml, setPrintHtml] = useState<string | null>(null);
  const [returning, setReturning] = useState<{ reportId: string; comment: string } | null>(null);
  /** Upper levels outside Duty Room (issue 19): the 报送 form open for one report. */
  const externalUnits = station?.externalUnits ?? [];
  const [sendingId, setSendingId] = useState<string | null>(null);
  const close = useCallback(() => dispatch(reportDeskOpened(null)), [dispatch]);
  const headingId = useId();
  const failed = (e: unknown) => setErrors(Array.isArray(e) ? (e as DomainError[]) : []);
  const { editing, setEditing, begin, dirty, escapeArmed, setEscapeArmed, startDraft, save } = useReportDraft(
    incidentId,
    own,
    failed,
    () => setErrors([]),
  );
  const { dialog, editor } = useDeskFocus(editing !== null);
  // Esc closes the desk wherever the focus is; over unsaved edits it asks once more first.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.preventDefault();
      if (returning) {
        setReturning(null);
        return;
      }
      if (dirty && !escapeArmed) {
        setEscapeArmed(true);
        return;
      }
      close();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [close, dirty, escapeArmed, returning, setEscapeArmed]);

  const [signing, setSigning] = useState<{ reportId: string; how: 'pin' | 'phone' } | null>(null);
  const step = async (report: Report, s: ReportStep) => {
    setErrors([]);
    const latest = report.versions.at(-1);
    if (s === 'revise') {
      if (latest) begin({ reportId: report.id, kind: report.kind, content: latest.content });
      return;
    }
    if (s === 'return') {
      setReturning({ reportId: report.id, comment: '' });
      return;
    }
    // 签发 asks the leader's own PIN at that moment (issue 17).
    if (s === 'approve') {
      setSigning({ reportId: report.id, how: 'pin' });
      return;
    }
    let command: ReportCommand;
    if (s === 'send' && externalUnits.length > 0) {
      // Whom it goes to and how: the Duty Room station above, or an upper level outside Duty Room.
      setSendingId(report.id);
      return;
    }
    if (s === 'send') {
      const addressedTo = station ? addresseeOf(station.jurisdiction) : null;
      if (!addressedTo) {
        setErrors([]);
        return;
      }
      command = { type: 'report.send', payload: { reportId: report.id, addressedTo } };
    } else {
      command = { type: `report.${s}`, payload: { reportId: report.id } };
    }
    await dispatch(reportCommand(command)).unwrap().catch(failed);
  };

  const run = async (command: ReportCommand) => {
    setErrors([]);
    try {
      await dispatch(reportCommand(command)).unwrap();
      return true;
    } catch (e) {
      failed(e);
      return false;
    }
  };

  const showTrail = async (reportId: string) => {
    setSelected(reportId);
    try {
      setTrail(await dispatch(fetchTrail({ reportId })).unwrap());
    } catch (e) {
      failed(e);
    }
  };

  // The open trail follows the report as it is signed, sent and received: reloaded when the reports change,
  // not when another is selected (showTrail loads that one itself). The effect reads the latest selection
  // and loader through a ref, so it depends on the reports alone.
  const latest = useRef({ selected, showTrail });
  useEffect(() => {
    latest.current = { selected, showTrail };
  });
  useEffect(() => {
    const { selected: open, showTrail: load } = latest.current;
    if (open) void load(open);
  }, [all]);

  // Drawn over the whole console (not inside the 报送时限 pane that opened it), as one dialog.
  return createPortal(
    <div className="modal-backdrop" role="presentation" onClick={close}>
      <div
        ref={dialog}
        className="modal report-desk"
        role="dialog"
        aria-modal="true"
        aria-labelledby={headingId}
        data-testid="report-desk"
        onClick={(e) => e.stopPropagation()}
      >
        <div className="modal-header">
          <h2 id={headingId}>{t('reportDesk.title', { title: incident?.facts.title ?? '' })}</h2>
          <button type="button" className="modal-close" aria-label={t('reportDesk.close')} onClick={close}>
            × <kbd>Esc</kbd>
          </button>
        </div>
        {escapeArmed && dirty && (
          <p className="form-error" role="alert">
            {t('reportDesk.unsaved')}
          </p>
        )}
        {errors.length > 0 && (
          <ul className="errors" role="alert">
            {errors.map((e, i) => (
              <li key={i}>{t('errors.field', { field: e.field ?? '', message: e.message.zh })}</li>
            ))}
          </ul>
        )}
        {!editing && (
          <div className="toolbar report-desk-actions">
            {(['initial', 'follow_up', 'final'] as const).map((kind, i) => (
              <button
                key={kind}
                type="button"
                autoFocus={i === 0}
                onClick={() => void startDraft(kind)}
                data-testid={`draft-${kind}`}
              >
                {t(`reportDesk.draft.${kind}`)}
              </button>
            ))}
          </div>
        )}
        {editing && (
          <ReportEditor
            editing={editing}
            followUps={own.filter((r) => r.kind === 'follow_up').length}
            formRef={editor}
            onChange={setEditing}
            onSave={(submit) => void save(submit)}
            onCancel={() => setEditing(null)}
          />
        )}
        {signing &&
          (signing.how === 'pin' ? (
            <ConfirmSigning
              reportId={signing.reportId}
              title={incident?.facts.title ?? ''}
              onClose={() => setSigning(null)}
            />
          ) : (
            <RecordPhoneApproval
              reportId={signing.reportId}
              title={incident?.facts.title ?? ''}
              onClose={() => setSigning(null)}
            />
          ))}
        {returning && (
          <ReturnForm
            comment={returning.comment}
            onChange={(comment) => setReturning({ ...returning, comment })}
            onSubmit={() =>
              void dispatch(
                reportCommand({
                  type: 'report.return',
                  payload: { reportId: returning.reportId, comment: returning.comment },
                }),
              )
                .unwrap()
                .then(() => setReturning(null), failed)
            }
          />
        )}
        {obligations.length > 0 && <ReportObligations obligations={obligations} />}
        {own.length === 0 ? (
          <p className="empty">{t('reportDesk.none')}</p>
        ) : (
          <ReportList
            reports={own}
            sendingId={sendingId}
            onSendClosed={() => setSendingId(null)}
            onStep={(r, s) => void step(r, s)}
            onPhoneApproval={(reportId) => setSigning({ reportId, how: 'phone' })}
            onShowTrail={(reportId) => void showTrail(reportId)}
            onPrint={setPrintHtml}
            run={run}
            failed={failed}
          />
        )}
        {trail && selected && <ReportTrail trail={trail} />}
        {printHtml && (
          // The print view is the station's own HTML, still shown without scripts or same-origin rights.
          <iframe
            title={t('reportDesk.print')}
            sandbox="allow-modals"
            srcDoc={printHtml}
            className="report-print"
            data-testid="report-print"
          />
        )}
      </div>
    </div>,
    document.body,
  );
}
