import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DrillSummary } from '../../../shared/api/drills-calls';
import type { DomainError } from '../../../shared/errors';
import { formatChinaTime } from '../../../shared/time';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { loadDrillInbox } from './commands';
import { linkIncident } from './findingsCommands';
import { useRoomName } from './names';

/**
 * 关联手工登记的事件: the incidents this station holds that a drilled room registered by hand (no drill tag)
 * while the drill ran, each linkable to the call inject it answered, once confirmed (drill.link_incident).
 * The station decides again: a refusal (outside the window, already a drill record) is shown.
 */
export function DrillLinks({ drill }: { drill: DrillSummary }) {
  const { t, i18n } = useTranslation();
  const dispatch = useAppDispatch();
  const roomName = useRoomName();
  const now = useAppSelector((s) => s.station.now);
  const incidents = useAppSelector((s) => s.incidents.entities);
  const deliveries = useAppSelector((s) => s.drills.deliveries);
  const [chosen, setChosen] = useState<Record<string, string>>({});
  const [asking, setAsking] = useState<string | null>(null);
  const [errors, setErrors] = useState<DomainError[]>([]);
  const [status, setStatus] = useState('');
  const [working, setWorking] = useState(false);
  useEffect(() => {
    void dispatch(loadDrillInbox());
  }, [dispatch]);
  if (!drill.startsAt) return null;
  const from = Date.parse(drill.startsAt);
  const until = drill.endedAt ? Date.parse(drill.endedAt) : now;
  const candidates = Object.values(incidents).filter((i) => {
    if (!i || i.drill || !drill.drilled.includes(i.jurisdiction)) return false;
    const received = Date.parse(i.facts.receivedAt);
    return received >= from && received <= until;
  });
  const calls = (jurisdiction: string) =>
    deliveries.filter(
      (d) => d.drillId === drill.id && d.drilled === jurisdiction && d.inject.kind === 'incident_call',
    );
  const words = (x: { zh: string; en: string }) => (i18n.language === 'en' ? x.en : x.zh);
  const link = async (incidentId: string, injectKey: string, title: string) => {
    setAsking(null);
    setWorking(true);
    setErrors([]);
    setStatus('');
    const r = await dispatch(linkIncident({ drillId: drill.id, incidentId, injectKey }));
    if (linkIncident.fulfilled.match(r)) setStatus(t('drills.linked', { title }));
    else setErrors(r.payload ?? []);
    setWorking(false);
  };
  return (
    <section className="drill-links" aria-label={t('drills.linkTitle')}>
      <h4>{t('drills.linkTitle')}</h4>
      {candidates.length === 0 && <p className="hint">{t('drills.linkNone')}</p>}
      <ul>
        {candidates.map((i) => {
          const options = calls(i.jurisdiction);
          const injectKey = chosen[i.id] ?? options[0]?.injectKey ?? '';
          return (
            <li key={i.id}>
              <span>
                {t('drills.linkLine', {
                  title: i.facts.title,
                  room: roomName(i.jurisdiction),
                  time: formatChinaTime(Date.parse(i.facts.receivedAt)).slice(5),
                })}
              </span>{' '}
              <label>
                <span>{t('drills.linkInject', { title: i.facts.title })}</span>
                <select value={injectKey} onChange={(e) => setChosen({ ...chosen, [i.id]: e.target.value })}>
                  {options.map((d) => (
                    <option key={d.injectKey} value={d.injectKey}>
                      {words(d.inject.title)}
                    </option>
                  ))}
                </select>
              </label>
              <button type="button" disabled={!injectKey || working} onClick={() => setAsking(i.id)}>
                {t('drills.link')}
              </button>
              {asking === i.id && (
                <div className="drill-confirm" role="alertdialog" aria-label={t('drills.link')}>
                  <p>{t('drills.confirmLink', { title: i.facts.title })}</p>
                  <button
                    type="button"
                    className="primary"
                    onClick={() => void link(i.id, injectKey, i.facts.title)}
                  >
                    {t('drills.confirm')}
                  </button>
                  <button type="button" onClick={() => setAsking(null)}>
                    {t('drills.cancel')}
                  </button>
                </div>
              )}
            </li>
          );
        })}
      </ul>
      {errors.length > 0 && (
        <ul className="errors" role="alert">
          {errors.map((e, i) => (
            <li key={i}>{words(e.message)}</li>
          ))}
        </ul>
      )}
      {status && <p role="status">{status}</p>}
    </section>
  );
}
