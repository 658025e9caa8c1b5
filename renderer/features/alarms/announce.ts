import i18next from 'i18next';
import type { Alarm } from '../../../shared/api/contract';
import { speakAlarm } from './speech';
import { divisionName } from '../incidents/areas';

let audio: AudioContext | null = null;

/** A short two-tone chime, generated: no sound file to ship, nothing fetched. */
function chime(severity: Alarm['severity']) {
  try {
    const ctx = (audio ??= new AudioContext());
    const tones = severity === 'urgent' ? [880, 660, 880, 660] : [660, 880];
    tones.forEach((hz, i) => {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.frequency.value = hz;
      gain.gain.value = 0.15;
      osc.connect(gain).connect(ctx.destination);
      const at = ctx.currentTime + i * 0.22;
      osc.start(at);
      osc.stop(at + 0.2);
    });
  } catch {
    // No audio device: the visual alarm still stands.
  }
}

/** The alarm in words, in the interface language or in the one given (speech is always Chinese). */
export function alarmText(alarm: Alarm, language?: string): string {
  const t = language ? i18next.getFixedT(language) : i18next.t.bind(i18next);
  const params: Record<string, string> = { ...alarm.params };
  if (params.obligation) params.obligation = t(`clocks.kinds.${params.obligation}`);
  // 记录校验不符: the tamper check words its finding in both languages; say the one the screen speaks.
  if (params.detailEn !== undefined && (language ?? i18next.language) === 'en')
    params.detail = params.detailEn;
  // 下级报告: the sender by name, the report by its kind.
  if (alarm.kind === 'report_received') {
    params.from = divisionName(params.from ?? '');
    params.report = params.report ? t(`alarms.reportKinds.${params.report}`) : '';
  }
  const said = t(`alarms.kinds.${alarm.kind}`, params);
  // A headquarters alarm names its member (late to check in) or group task.
  const text = params.subject ? `${said}（${params.subject}）` : said;
  // The overdue rung also went to the leader on duty: say so where the officer sees it.
  return params.leader ? `${text} · ${t('alarms.toLeader', { leader: params.leader })}` : text;
}

/** Sound, spoken alert (Chinese) and desktop notification for a new alarm (the bar itself is drawn by AlarmBar). */
export function announceAlarm(alarm: Alarm, view: 'console' | 'wall') {
  if (alarm.sound && alarm.severity !== 'info') chime(alarm.severity);
  // The wall display neither speaks nor makes desktop notifications: the console that owns the alarm does.
  if (view === 'wall') return;
  speakAlarm(alarm, alarmText(alarm, 'zh-CN'));
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  try {
    new Notification(i18next.t('app.title'), {
      body: alarmText(alarm),
      tag: alarm.id,
      requireInteraction: alarm.severity === 'urgent',
    });
  } catch {
    // Notifications unavailable in this context.
  }
}
