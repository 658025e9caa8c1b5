import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { Report, ReportContent, ReportKind } from '../../../shared/domain/report';
import type { ApiOutput } from '../../../shared/api/contract';
import type { DomainError } from '../../../shared/errors';
import type { Obligation } from '../../../shared/rules/obligation';
import { diffContent } from '../../../shared/reports/diff';
import { reportKindText } from './kindLabel';
import { formatChinaTime } from '../../../shared/time';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import {
  fetchDocx,
  fetchDraft,
  fetchPrintView,
  fetchTrail,
  reportCommand,
  saveReport,
  type ReportCommand,
} from './commands';
import { reportDeskOpened, reportsAdapter } from './slice';
import { saveFile } from '../../app/download';
import { addresseeOf, stepsFor, type ReportStep } from './workflow';
import './reports.css';
import { ConfirmSigning, RecordPhoneApproval } from '../signin/ConfirmSigning';
import { ExternalNote, ReceiptForm, SendForm, type SendChoice } from './ExternalSend';
import { selectNow } from '../header/selectors';

const reports = reportsAdapter.getSelectors(
  (s: { reports: { reports: ReturnType<typeof reportsAdapter.getInitialState> } }) => s.reports.reports,
);
const TEXT_FIELDS = [
  'unit',
  'time',
  'place',
  'summary',
  'cause',
  'measures',
  'nextSteps',
  'reporter',
  'contact',
] as const;
const LONG = new Set(['summary', 'cause', 'measures', 'nextSteps']);
const NONE: Obligation[] = [];
const time = (iso: string | undefined) => (iso ? formatChinaTime(Date.parse(iso)) : '');

interface Editing {
  reportId?: string;
  kind: ReportKind;
  content: ReportContent;
  previous?: ReportContent;
}

/**
 * The report desk of one incident: draft 首报/续报/终报 from the record, edit, submit for 签发, approve or
 * return (the leader), send upward, and see every version with its diff, author, approver and times.
 */
export function ReportDesk({ incidentId }: { incidentId: string }) {
  const { t, i18n } = useTranslation();
  const dispatch = useAppDispatch();
  const incident = useAppSelector((s) => s.incidents.entities[incidentId]);
  const station = useAppSelector((s) => s.station.info);
  /** The directory, to name who signed (签发). */
  const people = useAppSelector((s) => s.roster.staff);
  const all = useAppSelector(reports.selectAll);
  const own = all.filter((r) => r.incidentId === incidentId);
  const obligations = useAppSelector((s) => s.reports.obligations.entities[incidentId]?.obligations ?? NONE);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [errors, setErrors] = useState<DomainError[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const [trail, setTrail] = useState<ApiOutput<'reportTrail'> | null>(null);
  const [printHtml, setPrintHtml] = useState<string | null>(null);
  const [returning, setReturning] = useState<{ reportId: string; comment: string } | null>(null);
  /** Upper levels outside Duty Room (issue 19): the 报送 form, and 记录人工回执, open for one report. */
  const externalUnits = station?.externalUnits ?? [];
  const [sendingId, setSendingId] = useState<string | null>(null);
  const [receiptFor, setReceiptFor] = useState<string | null>(null);
  const now = useAppSelector(selectNow);
  const role = station?.operator.role;
  const leader = station?.onDuty.leader ?? null;
  const close = useCallback(() => dispatch(reportDeskOpened(null)), [dispatch]);
  const headingId = useId();
  const dialog = useRef<HTMLDivElement>(null);
  const editor = useRef<HTMLFormElement>(null);
  /** Set once Esc was pressed over unsaved edits: a second Esc discards them and closes. */
  const [escapeArmed, setEscapeArmed] = useState(false);
  const [pristine, setPristine] = useState<ReportContent | null>(null);
  const dirty = editing !== null && pristine !== null && editing.content !== pristine;

  // The focus goes back where it came from (the 报告 button, the palette's pane) when the desk closes.
  // Taken while rendering, before the desk's own first button takes the focus.
  const [opener] = useState(() =>
    document.activeElement instanceof HTMLElement ? document.activeElement : null,
  );
  useEffect(() => {
    return () => {
      if (opener?.isConnected) opener.focus();
      else document.getElementById('pane-clocks')?.focus();
    };
  }, [opener]);
  // Into the editor's first field as it opens; back to the desk's first button as it closes (not on keystrokes).
  const isEditing = editing !== null;
  useEffect(() => {
    if (isEditing) editor.current?.querySelector<HTMLElement>('input, textarea')?.focus();
    else dialog.current?.querySelector<HTMLElement>('.report-desk-actions button')?.focus();
  }, [isEditing]);
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
  }, [close, dirty, escapeArmed, returning]);

  const failed = (e: unknown) => setErrors(Array.isArray(e) ? (e as DomainError[]) : []);

  const startDraft = async (kind: ReportKind) => {
    setErrors([]);
    try {
      const content = await dispatch(fetchDraft({ incidentId, kind })).unwrap();
      const previous = [...own]
        .map((r) => r.versions.at(-1))
        .filter((v) => v !== undefined)
        .sort((a, b) => (a.authoredAt < b.authoredAt ? 1 : -1))[0];
      setEditing({
        kind,
        content,
        ...(kind !== 'initial' && previous ? { previous: previous.content } : {}),
      });
      setPristine(content);
      setEscapeArmed(false);
    } catch (e) {
      failed(e);
    }
  };

  const save = async (submit: boolean) => {
    if (!editing) return;
    try {
      await dispatch(saveReport({ ...editing, incidentId, submit })).unwrap();
      setEditing(null);
      setErrors([]);
    } catch (e) {
      failed(e);
    }
  };

  const [signing, setSigning] = useState<{ reportId: string; how: 'pin' | 'phone' } | null>(null);
  const step = async (report: Report, s: ReportStep) => {
    setErrors([]);
    const latest = report.versions.at(-1);
    if (s === 'revise') {
      if (latest) {
        setEditing({ reportId: report.id, kind: report.kind, content: latest.content });
        setPristine(latest.content);
        setEscapeArmed(false);
      }
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

  const sendTo = async (reportId: string, choice: SendChoice) => {
    setErrors([]);
    try {
      await dispatch(reportCommand({ type: 'report.send', payload: { reportId, ...choice } })).unwrap();
      setSendingId(null);
    } catch (e) {
      failed(e);
    }
  };
  const recordReceipt = async (reportId: string, receipt: { receiverName: string; receivedAt: string; note?: string }) => {
    setErrors([]);
    try {
      await dispatch(reportCommand({ type: 'report.record_receipt', payload: { reportId, ...receipt } })).unwrap();
      setReceiptFor(null);
    } catch (e) {
      failed(e);
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

  useEffect(() => {
    // The open trail follows the report as it is signed, sent and received.
    if (selected) void showTrail(selected);
  }, [all]);

  const changes = editing?.previous ? diffContent(editing.previous, editing.content) : [];
  const fieldLabel = (f: string) => t(`reportDesk.fields.${f}`);

  const statusOf = (r: Report) =>
    r.status === 'awaiting_approval'
      ? leader
        ? t('reportDesk.awaitingLeader', { leader })
        : t('reportDesk.awaitingAnyLeader')
      : t(`reportDesk.statuses.${r.status}`);

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
          <form
            ref={editor}
            className="report-editor"
            aria-label={t('reportDesk.editorLabel')}
            data-testid="report-editor"
            onSubmit={(e) => {
              e.preventDefault();
              void save(true);
            }}
          >
            <h3>
              {t('reportDesk.drafting', {
                kind: reportKindText(t, i18n.language, {
                  kind: editing.kind,
                  sequence: own.filter((r) => r.kind === 'follow_up').length + 1,
                }),
              })}
            </h3>
            {editing.previous && (
              <section className="report-changes" data-testid="report-changes">
                <h4>{t('reportDesk.changed')}</h4>
                {changes.length === 0 ? (
                  <p>{t('reportDesk.noChange')}</p>
                ) : (
                  <ul>
                    {changes.map((c) => (
                      <li key={c.field}>
                        <strong>{fieldLabel(c.field)}</strong>: <del>{String(c.before ?? '')}</del> →{' '}
                        <ins>{String(c.after ?? '')}</ins>
                      </li>
                    ))}
                  </ul>
                )}
              </section>
            )}
            <div className="report-fields">
              {TEXT_FIELDS.map((f) => (
                <label key={f} className={`field report-field-${f}${LONG.has(f) ? ' field-long' : ''}`}>
                  <span>{fieldLabel(f)}</span>
                  {LONG.has(f) ? (
                    <textarea
                      rows={3}
                      value={editing.content[f]}
                      onChange={(e) =>
                        setEditing({ ...editing, content: { ...editing.content, [f]: e.target.value } })
                      }
                      data-testid={`report-field-${f}`}
                    />
                  ) : (
                    <input
                      value={editing.content[f]}
                      onChange={(e) =>
                        setEditing({ ...editing, content: { ...editing.content, [f]: e.target.value } })
                      }
                      data-testid={`report-field-${f}`}
                    />
                  )}
                </label>
              ))}
            </div>
            <div className="form-actions">
              <button type="submit" className="primary" data-testid="report-save-submit">
                {t('reportDesk.saveSubmit')}
              </button>
              <button type="button" onClick={() => void save(false)}>
                {t('reportDesk.save')}
              </button>
              <button type="button" onClick={() => setEditing(null)}>
                {t('reportDesk.cancel')}
              </button>
            </div>
          </form>
        )}
        {signing &&
          (signing.how === 'pin' ? (
            <ConfirmSigning reportId={signing.reportId} title={incident?.facts.title ?? ""} onClose={() => setSigning(null)} />
          ) : (
            <RecordPhoneApproval reportId={signing.reportId} title={incident?.facts.title ?? ""} onClose={() => setSigning(null)} />
          ))}
        {returning && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void dispatch(
                reportCommand({
                  type: 'report.return',
                  payload: { reportId: returning.reportId, comment: returning.comment },
                }),
              )
                .unwrap()
                .then(() => setReturning(null), failed);
            }}
          >
            <label>
              <span>{t('reportDesk.returnComment')}</span>
              <input
                autoFocus
                value={returning.comment}
                onChange={(e) => setReturning({ ...returning, comment: e.target.value })}
                data-testid="report-return-comment"
              />
            </label>
            <button type="submit">{t('reportDesk.steps.return')}</button>
          </form>
        )}
        {obligations.length > 0 && (
          <section className="report-obligations" data-testid="report-obligations">
            <h3>{t('reportDesk.obligations')}</h3>
            <ul>
              {obligations.map((o) => (
                <li
                  key={o.key}
                  data-testid="report-obligation"
                  data-kind={o.kind}
                  data-state={o.state}
                  title={o.rule.source}
                >
                  <strong>{t(`clocks.kinds.${o.kind}`)}</strong> ·{' '}
                  {t('reportDesk.obligationDue', { time: time(o.dueAt) })} ·{' '}
                  <span className={`obligation-state state-${o.state}`}>{t(`clocks.states.${o.state}`)}</span>
                  {o.metAt && <span> · {t('reportDesk.obligationMet', { time: time(o.metAt) })}</span>}
                </li>
              ))}
            </ul>
          </section>
        )}
        {own.length === 0 ? (
          <p className="empty">{t('reportDesk.none')}</p>
        ) : (
          <ol className="report-list" data-testid="report-list">
            {own.map((r) => (
              <li key={r.id} data-status={r.status} data-testid="report-row">
                <strong>{reportKindText(t, i18n.language, r)}</strong> <span className="status">{statusOf(r)}</span>
                {r.approvedBy && (
                  <span data-testid="report-signed">
                    {' '}
                    ·{' '}
                    {t('signin.signedBy', {
                      name: people.find((p) => p.id === r.approvedBy)?.name ?? r.approvedBy,
                      how: r.approvedVia ? t(`signin.via_${r.approvedVia}`) : t('signin.via_unknown'),
                    })}
                  </span>
                )}
                {r.sentAt && <span> · {t('reportDesk.sentAt', { time: time(r.sentAt) })}</span>}
                {r.receivedAt && (
                  <span data-testid="report-received">
                    {' '}
                    · {t('reportDesk.receivedAt', { time: time(r.receivedAt) })}
                  </span>
                )}
                <ExternalNote report={r} />
                {r.returnedComment && r.status === 'returned' && <em> · {r.returnedComment}</em>}
                <span className="actions">
                  {stepsFor(r, role).map((s) => (
                    <button key={s} type="button" onClick={() => void step(r, s)} data-testid={`report-${s}`}>
                      {t(`reportDesk.steps.${s}`)}
                    </button>
                  ))}
                  {r.status === 'awaiting_approval' && role !== 'leader' && (
                    <>
                      {/* An officer has no 签发 at all (issue 17): the leader on duty signs, here or by phone. */}
                      <span className="hint">{t('signin.leaderSigns')}</span>
                      <button type="button" onClick={() => setSigning({ reportId: r.id, how: 'phone' })}>
                        {t('signin.phoneApproval')}
                      </button>
                    </>
                  )}
                  {r.status === 'sent' && r.external && (
                    <button type="button" onClick={() => setReceiptFor(r.id)}>
                      {t('externalReport.recordReceipt')}
                    </button>
                  )}
                  <button type="button" onClick={() => void showTrail(r.id)}>
                    {t('reportDesk.versions')}
                  </button>
                  <button
                    type="button"
                    onClick={() =>
                      void dispatch(fetchDocx({ reportId: r.id }))
                        .unwrap()
                        .then(saveFile, failed)
                    }
                    data-testid="report-docx"
                  >
                    {t('reportDesk.exportDocx')}
                  </button>
                  <button
                    type="button"
                    onClick={() =>
                      void dispatch(fetchPrintView({ reportId: r.id }))
                        .unwrap()
                        .then(setPrintHtml, failed)
                    }
                  >
                    {t('reportDesk.print')}
                  </button>
                </span>
                {sendingId === r.id && (
                  <SendForm
                    units={externalUnits}
                    parent={station ? addresseeOf(station.jurisdiction) : null}
                    onSend={(choice) => void sendTo(r.id, choice)}
                    onCancel={() => setSendingId(null)}
                  />
                )}
                {receiptFor === r.id && (
                  <ReceiptForm
                    report={r}
                    now={now}
                    onSave={(receipt) => void recordReceipt(r.id, receipt)}
                    onCancel={() => setReceiptFor(null)}
                  />
                )}
              </li>
            ))}
          </ol>
        )}
        {trail && selected && (
          <section className="report-trail" data-testid="report-trail">
            <h3>{t('reportDesk.versions')}</h3>
            <ol>
              {trail.map((v) => (
                <li key={v.eventId}>
                  <div>
                    {t('reportDesk.version', {
                      version: v.version,
                      author: v.authoredByName ?? v.authoredBy,
                      time: time(v.authoredAt),
                    })}
                  </div>
                  {v.changes.length > 0 && (
                    <ul>
                      {v.changes.map((c) => (
                        <li key={c.field}>
                          <strong>{fieldLabel(c.field)}</strong>: <del>{String(c.before ?? '')}</del> →{' '}
                          <ins>{String(c.after ?? '')}</ins>
                        </li>
                      ))}
                    </ul>
                  )}
                  <ul>
                    {v.actions.map((a, i) => (
                      <li key={i}>
                        {t('reportDesk.action', {
                          action: t(
                            `reportDesk.statuses.${a.type === 'submitted' ? 'awaiting_approval' : a.type}`,
                          ),
                          who: a.byName ?? a.by,
                          time: time(a.at),
                        })}
                        {a.external
                          ? ` · ${t('externalReport.trailSent', { name: a.external.name, via: t(`externalReport.vias.${a.external.via}`) })}`
                          : ''}
                        {a.receipt
                          ? ` · ${t(a.receipt.source === 'manual' ? 'externalReport.trailManual' : 'externalReport.trailSystem', {
                              name: a.receipt.receiverName,
                              by: a.recordedBy ?? a.byName ?? a.by,
                            })}`
                          : ''}
                        {a.comment ? ` · ${a.comment}` : ''}
                      </li>
                    ))}
                  </ul>
                </li>
              ))}
            </ol>
          </section>
        )}
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
