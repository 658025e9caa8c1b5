import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatChinaTime } from '../../../shared/time';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { selectLoaded } from '../header/selectors';
import { answerInject, loadDrillInbox } from './commands';
import { selectIncomingCalls, selectIncomingMessages } from './selectors';
import { deliveryKey, injectSetAside, intakeFromInject, type DrillDelivery } from './slice';
import './drills.css';

const time = (iso: string) => formatChinaTime(Date.parse(iso)).slice(11);

/** What a message inject says, in the words it came with. */
function messageText(d: DrillDelivery): string {
  const i = d.inject;
  if (i.kind === 'upper_level_question') return i.question;
  return 'message' in i ? i.message : '';
}

/**
 * 来电待登记: calls that reached this console and wait for 接报登记, each registered through the ordinary
 * intake form filled from what the caller said — on a blind drill nothing here says 演练. Other messages
 * (a casualty change, a road cut, a warning or question from above) are read, or answered.
 */
export function IncomingCalls() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const loaded = useAppSelector(selectLoaded);
  const takenAt = useAppSelector((s) => s.station.info?.stationId);
  const calls = useAppSelector(selectIncomingCalls);
  const messages = useAppSelector(selectIncomingMessages);
  useEffect(() => {
    if (loaded) void dispatch(loadDrillInbox());
  }, [dispatch, loaded, takenAt]);
  if (calls.length === 0 && messages.length === 0) return null;
  return (
    <section className="incoming-calls" aria-label={t('drills.incoming')}>
      <ul>
        {calls.map((c) => (
          <li key={deliveryKey(c)} className="incoming-call" aria-label={c.facts.title}>
            <strong>
              {t('drills.incomingCall', {
                caller:
                  [c.facts.caller?.name, c.facts.caller?.phone].filter(Boolean).join(' ') ||
                  t('drills.unknownCaller'),
              })}
            </strong>
            <span className="incoming-what">
              {c.facts.title} · {c.facts.location.address}
            </span>
            <span className="incoming-at">{t('drills.callAt', { time: time(c.at) })}</span>
            <button
              type="button"
              className="primary"
              onClick={() => dispatch(intakeFromInject(deliveryKey(c)))}
            >
              {t('drills.register')}
            </button>
          </li>
        ))}
        {messages.map((m) => (
          <MessageCard key={deliveryKey(m)} delivery={m} />
        ))}
      </ul>
    </section>
  );
}

function MessageCard({ delivery }: { delivery: DrillDelivery }) {
  const { t, i18n } = useTranslation();
  const dispatch = useAppDispatch();
  const [answer, setAnswer] = useState('');
  const [busy, setBusy] = useState(false);
  const asks =
    delivery.inject.kind === 'warning_from_above' || delivery.inject.kind === 'upper_level_question';
  const title = i18n.language === 'en' ? delivery.inject.title.en : delivery.inject.title.zh;
  const send = async () => {
    setBusy(true);
    await dispatch(
      answerInject({ drillId: delivery.drillId, injectKey: delivery.injectKey, answer: answer.trim() }),
    );
    setBusy(false);
  };
  return (
    <li className="incoming-message" aria-label={title}>
      <strong>{t('drills.message', { title })}</strong>
      <span className="incoming-what">{messageText(delivery)}</span>
      <span className="incoming-at">{t('drills.callAt', { time: time(delivery.at) })}</span>
      {asks ? (
        <span className="incoming-answer">
          <label>
            <span>{t('drills.answerLabel')}</span>
            <input value={answer} onChange={(e) => setAnswer(e.target.value)} />
          </label>
          <button type="button" disabled={busy || answer.trim() === ''} onClick={() => void send()}>
            {t('drills.send')}
          </button>
        </span>
      ) : (
        <button type="button" onClick={() => dispatch(injectSetAside(deliveryKey(delivery)))}>
          {t('drills.read')}
        </button>
      )}
    </li>
  );
}
