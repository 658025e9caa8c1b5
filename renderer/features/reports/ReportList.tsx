import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Report } from '../../../shared/domain/report';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { saveFile } from '../../app/download';
import { selectNow } from '../header/selectors';
import { fetchDocx, fetchPrintView, type ReportCommand } from './commands';
import { ExternalNote, ReceiptForm, SendForm, type SendChoice } from './ExternalSend';
import { reportKindText } from './kindLabel';
import { reportTime as time } from './reportTime';
import { addresseeOf, stepsFor, type ReportStep } from './workflow';

/**
 * The incident's reports: each one's status, who signed it, when it was sent and received, and what the
 * operator may do with it now (the workflow's steps, 电话审批, 记录人工回执, versions, .docx, print).
 */
export function ReportList({
  reports,
  sendingId,
  onSendClosed,
  onStep,
  onPhoneApproval,
  onShowTrail,
  onPrint,
  run,
  failed,
}: {
  reports: readonly Report[];
  /** The report whose 报送 form (to a unit outside Duty Room) is open. */
  sendingId: string | null;
  onSendClosed: () => void;
  onStep: (report: Report, step: ReportStep) => void;
  onPhoneApproval: (reportId: string) => void;
  onShowTrail: (reportId: string) => void;
  onPrint: (html: string) => void;
  /** A report command: true once done, false after its refusal is shown on the desk. */
  run: (command: ReportCommand) => Promise<boolean>;
  failed: (errors: unknown) => void;
}) {
  const { t, i18n } = useTranslation();
  const dispatch = useAppDispatch();
  const station = useAppSelector((s) => s.station.info);
  /** The directory, to name who signed (签发). */
  const people = useAppSelector((s) => s.roster.staff);
  const now = useAppSelector(selectNow);
  /** Upper levels outside Duty Room (issue 19). */
  const externalUnits = station?.externalUnits ?? [];
  const [receiptFor, setReceiptFor] = useState<string | null>(null);
  const role = station?.operator.role;
  const leader = station?.onDuty.leader ?? null;

  const sendTo = async (reportId: string, choice: SendChoice) => {
    if (await run({ type: 'report.send', payload: { reportId, ...choice } })) onSendClosed();
  };
  const recordReceipt = async (
    reportId: string,
    receipt: { receiverName: string; receivedAt: string; note?: string },
  ) => {
    if (await run({ type: 'report.record_receipt', payload: { reportId, ...receipt } })) setReceiptFor(null);
  };
  const statusOf = (r: Report) =>
    r.status === 'awaiting_approval'
      ? leader
        ? t('reportDesk.awaitingLeader', { leader })
        : t('reportDesk.awaitingAnyLeader')
      : t(`reportDesk.statuses.${r.status}`);

  return (
    <ol className="report-list" data-testid="report-list">
      {reports.map((r) => (
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
              <button key={s} type="button" onClick={() => onStep(r, s)} data-testid={`report-${s}`}>
                {t(`reportDesk.steps.${s}`)}
              </button>
            ))}
            {r.status === 'awaiting_approval' && role !== 'leader' && (
              <>
                {/* An officer has no 签发 at all (issue 17): the leader on duty signs, here or by phone. */}
                <span className="hint">{t('signin.leaderSigns')}</span>
                <button type="button" onClick={() => onPhoneApproval(r.id)}>
                  {t('signin.phoneApproval')}
                </button>
              </>
            )}
            {r.status === 'sent' && r.external && (
              <button type="button" onClick={() => setReceiptFor(r.id)}>
                {t('externalReport.recordReceipt')}
              </button>
            )}
            <button type="button" onClick={() => onShowTrail(r.id)}>
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
                  .then(onPrint, failed)
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
              onCancel={onSendClosed}
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
  );
}
