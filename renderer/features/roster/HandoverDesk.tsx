import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { formatChinaTime } from '../../../shared/time';
import { draftHandover, printView, recordHandover } from './commands';
import { inUrgencyOrder } from './handoverOrder';
import { SignHandover } from '../signin/SignHandover';
import { selectIncidentsByUrgency } from '../incidents/selectors';
import { selectRosterList, selectStaffNames } from './selectors';
import { errorShown, handoverDiscarded } from './slice';
import type { Run } from './run';
import { HandoverSheetDialog } from './HandoverSheetDialog';

/** 交接班: draft the handover sheet, record it on the month, sign each side with a PIN, print what is kept. */
export function HandoverDesk({ run, onPrint }: { run: Run; onPrint: (html: string) => void }) {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const sheet = useAppSelector((s) => s.roster.handoverDraft);
  const list = useAppSelector(selectRosterList);
  const names = useAppSelector(selectStaffNames);
  const incidents = useAppSelector((s) => s.incidents.entities);
  const urgent = useAppSelector(selectIncidentsByUrgency);
  const [notes, setNotes] = useState('');
  const [signing, setSigning] = useState<Omit<Parameters<typeof SignHandover>[0], 'onClose'> | null>(null);
  const name = (id?: string) => (id ? (names.get(id) ?? id) : '—');
  // The sheet is kept on the roster month holding the handover instant.
  const holder = (at: string) =>
    list.find(
      (r) =>
        Date.parse(r.roster.coversFrom) <= Date.parse(at) &&
        Date.parse(at) < Date.parse(r.roster.coversUntil),
    );
  const kept = list
    .flatMap((r) => Object.values(r.handovers).map((h) => ({ rosterId: r.roster.id, h })))
    .sort((a, b) => b.h.sheet.handoverAt.localeCompare(a.h.sheet.handoverAt));
  const time = (iso: string) => formatChinaTime(Date.parse(iso));
  const crew = (c: { leader?: string | undefined; officers: readonly string[] }) =>
    `${t('roster.handover.leader')} ${name(c.leader)} · ${t('roster.handover.officers')} ${c.officers.map(name).join('、') || '—'}`;
  const record = async (draft: NonNullable<typeof sheet>) => {
    const month = holder(draft.handoverAt);
    if (!month) {
      dispatch(errorShown(t('roster.handover.noRoster')));
      return;
    }
    if (await run(recordHandover(month.roster.id, draft))) dispatch(handoverDiscarded());
  };
  const printKept = async (rosterId: string, handoverId: string) => {
    const html = await run(printView({ kind: 'handover', rosterId, handoverId }));
    if (html !== undefined) onPrint(html);
  };
  return (
    <div className="roster-handover" data-testid="roster-handover">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void run(draftHandover({ notes }));
        }}
      >
        <textarea
          value={notes}
          onChange={(e) => setNotes(e.target.value)}
          placeholder={t('roster.handover.notes')}
          aria-label={t('roster.handover.notes')}
          maxLength={2000}
        />
        <button type="submit" data-testid="handover-generate">
          {t('roster.handover.generate')}
        </button>
      </form>
      {sheet && (
        <HandoverSheetDialog
          onClose={() => dispatch(handoverDiscarded())}
          title={t('roster.handover.title', { at: time(sheet.handoverAt) })}
        >
          <p data-testid="handover-outgoing">
            <strong>{t('roster.handover.outgoingShift')}</strong>：{crew(sheet.outgoing)}
          </p>
          <p data-testid="handover-incoming">
            <strong>{t('roster.handover.incomingShift')}</strong>：{crew(sheet.incoming)}
          </p>
          <h3>{t('roster.handover.openIncidents')}</h3>
          <ul data-testid="handover-incidents">
            {sheet.openIncidents.length === 0 && <li>{t('roster.handover.nothing')}</li>}
            {inUrgencyOrder(sheet.openIncidents, urgent).map((i) => (
              <li key={i.id}>
                {i.title} · {t(`incident.levels.${i.level}`)} · {t(`incident.statuses.${i.status}`)} ·{' '}
                {t('incident.received', { time: time(i.receivedAt) })}
              </li>
            ))}
          </ul>
          <h3>{t('roster.handover.pendingObligations')}</h3>
          <ul data-testid="handover-obligations">
            {sheet.pendingObligations.length === 0 && <li>{t('roster.handover.nothing')}</li>}
            {sheet.pendingObligations.map((o) => (
              <li key={`${o.incidentId}|${o.key}`} className={o.overdue ? 'overdue' : ''}>
                {o.incidentTitle ??
                  incidents[o.incidentId]?.facts.title ??
                  t('roster.handover.unknownIncident')}{' '}
                · {t(`clocks.kinds.${o.kind}`)} · {t('roster.handover.due', { at: time(o.dueAt) })}
                {o.overdue ? ` · ${t('roster.handover.overdue')}` : ''}
              </li>
            ))}
          </ul>
          <h3>{t('roster.handover.warnings')}</h3>
          <ul>
            {sheet.unacknowledgedWarnings.length === 0 && <li>{t('roster.handover.nothing')}</li>}
            {sheet.unacknowledgedWarnings.map((w) => (
              <li key={w.id}>
                {w.hazard} · {t('roster.handover.unanswered', { count: w.unacknowledged, of: w.recipients })}
              </li>
            ))}
          </ul>
          <h3>{t('roster.handover.teamsOut')}</h3>
          <ul>
            {sheet.teamsOut.length === 0 && <li>{t('roster.handover.nothing')}</li>}
            {sheet.teamsOut.map((x) => (
              <li key={x.id}>
                {x.name} · {t(`teams.statuses.${x.status}`)}
              </li>
            ))}
          </ul>
          <h3>{t('roster.handover.dutyLog')}</h3>
          <ul data-testid="handover-dutylog">
            {sheet.dutyLog.length === 0 && <li>{t('roster.handover.nothing')}</li>}
            {sheet.dutyLog.map((e) => (
              <li key={e.id}>
                {time(e.occurredAt)} · {t(`dutyLog.kinds.${e.kind}`)}
                {e.counterpart ? ` · ${e.counterpart}` : ''} · {e.text}
              </li>
            ))}
          </ul>
          {sheet.notes && (
            <>
              <h3>{t('roster.handover.notesTitle')}</h3>
              <p>{sheet.notes}</p>
            </>
          )}
          <div className="form-actions">
            <button
              type="button"
              className="primary"
              data-testid="handover-record"
              onClick={() => void record(sheet)}
            >
              {t('roster.handover.record')}
            </button>
            <button type="button" onClick={() => dispatch(handoverDiscarded())}>
              {t('roster.handover.close')}
            </button>
          </div>
        </HandoverSheetDialog>
      )}
      {signing && <SignHandover {...signing} onClose={() => setSigning(null)} />}
      <h3>{t('roster.handover.kept')}</h3>
      <ul className="handover-kept" data-testid="handover-kept">
        {kept.length === 0 && <li>{t('roster.handover.nothing')}</li>}
        {kept.map(({ rosterId, h }) => (
          <li key={h.id}>
            <span>
              {time(h.sheet.handoverAt)} ·{' '}
              {t('roster.handover.counts', {
                incidents: h.sheet.openIncidents.length,
                obligations: h.sheet.pendingObligations.length,
              })}
            </span>
            {(['outgoing', 'incoming'] as const).map((side) => {
              const signed = h.signatures[side];
              return (
                <span key={side} className="signature">
                  {t(`roster.handover.${side}`)}：
                  {signed ? (
                    t('signin.signedVia', {
                      name: name(signed.personId),
                      time: time(signed.at),
                      how: signed.verification
                        ? t(`signin.via_${signed.verification.method}`)
                        : t('signin.via_unknown'),
                    })
                  ) : (
                    // A person of that side's crew signs with their own PIN; the station refuses anyone else.
                    <button
                      type="button"
                      onClick={() => setSigning({ rosterId, handoverId: h.id, side, crew: h.sheet[side] })}
                      data-testid={`handover-sign-${side}`}
                    >
                      {t(`roster.handover.sign_${side}`)}
                    </button>
                  )}
                </span>
              );
            })}
            <button type="button" onClick={() => void printKept(rosterId, h.id)}>
              {t('roster.print')}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
