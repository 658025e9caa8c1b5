import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Report } from '../../../shared/domain/report';
import type { ExternalUnit, SendVia } from '../../../shared/reports/external';
import { chinaParts, chinaWallTime, formatChinaTime, toInstant } from '../../../shared/time';

/**
 * Upper levels outside Duty Room (issue 19, decision 0022): choosing whom a report goes to (the Duty
 * Room station above, or an external unit of the station's directory) and how (省级报送系统, phone,
 * fax, in person); and recording by hand who at an external unit received it, and when (人工回执).
 */

const VIAS: SendVia[] = ['provincial_system', 'phone', 'fax', 'in_person'];

export type SendChoice = { addressedTo: string; external?: { unitId: string; via: SendVia } };

/** The 报送 form: the Duty Room station above (when there is one) or an external unit, and how. */
export function SendForm({
  units,
  parent,
  onSend,
  onCancel,
}: {
  units: readonly ExternalUnit[];
  parent: string | null;
  onSend: (choice: SendChoice) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const heading = useId();
  const [target, setTarget] = useState(parent !== null ? '' : (units[0]?.id ?? ''));
  const [via, setVia] = useState<SendVia>('phone');
  const unit = units.find((u) => u.id === target);
  const submit = () => {
    if (unit) onSend({ addressedTo: unit.jurisdiction, external: { unitId: unit.id, via } });
    else if (parent !== null) onSend({ addressedTo: parent });
  };
  return (
    <form
      className="report-external"
      aria-labelledby={heading}
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <h3 id={heading}>{t('externalReport.sendTitle')}</h3>
      <label>
        {t('externalReport.addressee')}
        <select value={target} onChange={(e) => setTarget(e.target.value)}>
          {parent !== null && <option value="">{t('externalReport.dutyRoomUpper', { code: parent })}</option>}
          {units.map((u) => (
            <option key={u.id} value={u.id}>
              {t('externalReport.externalUnit', { name: u.name, level: t(`externalReport.levels.${u.level}`) })}
            </option>
          ))}
        </select>
      </label>
      {unit && (
        <>
          <label>
            {t('externalReport.via')}
            <select value={via} onChange={(e) => setVia(e.target.value as SendVia)}>
              {VIAS.map((v) => (
                <option key={v} value={v}>
                  {t(`externalReport.vias.${v}`)}
                </option>
              ))}
            </select>
          </label>
          {unit.contacts.length > 0 && (
            <ul className="contacts">
              {unit.contacts.map((c, i) => (
                <li key={i}>
                  {t(`externalReport.contactKinds.${c.kind}`)}：{c.value}
                  {c.label ? `（${c.label}）` : ''}
                </li>
              ))}
            </ul>
          )}
          <p className="hint">{t('externalReport.awaitsReceipt')}</p>
        </>
      )}
      <div className="form-actions">
        <button type="submit">{t('externalReport.confirmSend')}</button>
        <button type="button" onClick={onCancel}>
          {t('externalReport.cancel')}
        </button>
      </div>
    </form>
  );
}

/** "2026-11-25 10:22" read as China time; null when it is not such a time. */
export function parseChinaTime(text: string): number | null {
  const m = /^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s+(\d{1,2}):(\d{2})\s*$/.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute] = m.slice(1).map(Number) as [number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return null;
  const ms = chinaWallTime(year, month, day, hour, minute);
  const back = chinaParts(ms);
  return back.day === day && back.month === month ? ms : null;
}

const pad = (n: number) => String(n).padStart(2, '0');
const chinaText = (ms: number) => {
  const p = chinaParts(ms);
  return `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}`;
};

/** 记录人工回执: who at the external unit received the report and when (China time), and a note. */
export function ReceiptForm({
  report,
  now,
  onSave,
  onCancel,
}: {
  report: Report;
  now: number;
  onSave: (receipt: { receiverName: string; receivedAt: string; note?: string }) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const heading = useId();
  const [receiverName, setReceiverName] = useState('');
  const [when, setWhen] = useState(() => chinaText(now));
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const save = () => {
    const at = parseChinaTime(when);
    if (!receiverName.trim()) {
      setProblem(t('externalReport.missingReceiver'));
      return;
    }
    if (at === null) {
      setProblem(t('externalReport.badTime'));
      return;
    }
    if (report.sentAt && at < Date.parse(report.sentAt) - 59_999) {
      setProblem(t('externalReport.beforeSent', { time: formatChinaTime(Date.parse(report.sentAt)) }));
      return;
    }
    // Minutes as typed; a time in the sent minute counts from the send itself.
    const receivedAt = report.sentAt && at < Date.parse(report.sentAt) ? report.sentAt : toInstant(at);
    setProblem(null);
    onSave({ receiverName: receiverName.trim(), receivedAt, ...(note.trim() ? { note: note.trim() } : {}) });
  };
  return (
    <form
      className="report-external"
      aria-labelledby={heading}
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      <h3 id={heading}>{t('externalReport.receiptTitle', { name: report.external?.name ?? '' })}</h3>
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
      <label>
        {t('externalReport.receiverName')}
        <input value={receiverName} onChange={(e) => setReceiverName(e.target.value)} maxLength={100} />
      </label>
      <label>
        {t('externalReport.receivedAt')}
        <input value={when} onChange={(e) => setWhen(e.target.value)} placeholder="2026-11-25 10:22" />
      </label>
      <label>
        {t('externalReport.note')}
        <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} />
      </label>
      <div className="form-actions">
        <button type="submit">{t('externalReport.saveReceipt')}</button>
        <button type="button" onClick={onCancel}>
          {t('externalReport.cancel')}
        </button>
      </div>
    </form>
  );
}

/** In the report list: where an external report went and how, and its receipt (人工回执 or the system's). */
export function ExternalNote({ report }: { report: Report }) {
  const { t } = useTranslation();
  if (!report.external) return null;
  const time = report.receivedAt ? formatChinaTime(Date.parse(report.receivedAt)) : '';
  return (
    <span data-testid="report-external">
      {' · '}
      {t('externalReport.sentTo', { name: report.external.name, via: t(`externalReport.vias.${report.external.via}`) })}
      {report.receipt &&
        ` · ${t(report.receipt.source === 'manual' ? 'externalReport.manualReceipt' : 'externalReport.systemReceipt', {
          name: report.receipt.receiverName,
          time,
        })}`}
    </span>
  );
}
