import type { Alarm } from '../../../shared/api/contract';

/** The part of the Web Speech API the console uses (window.speechSynthesis where the platform has one). */
export interface SpeechPort {
  getVoices(): ReadonlyArray<Pick<SpeechSynthesisVoice, 'lang' | 'name' | 'localService'>>;
  speak(utterance: SpeechSynthesisUtterance): void;
}

/** Spoken aloud: the urgent rungs with sound (the T−2 min alarm and the overdue one), nothing quieter. */
export const isSpoken = (alarm: Alarm): boolean => alarm.sound && alarm.severity === 'urgent';

/**
 * A Mandarin voice if the platform has one: zh-CN first, then another zh voice (zh-TW, zh-HK read
 * simplified text aloud too), a local voice before a network one. None: the platform default speaks
 * with the utterance's language set to zh-CN, or says nothing if it cannot.
 */
export function chooseVoice<V extends { lang: string; name: string; localService: boolean }>(
  voices: readonly V[],
): V | undefined {
  const lang = (v: V) => v.lang.replace('_', '-').toLowerCase();
  const rank = (v: V) =>
    (lang(v) === 'zh-cn' ? 0 : lang(v).startsWith('cmn') || lang(v) === 'zh' ? 1 : 2) * 2 +
    (v.localService ? 0 : 1);
  return voices
    .filter((v) => lang(v).startsWith('zh') || lang(v).startsWith('cmn'))
    .sort((a, b) => rank(a) - rank(b))[0];
}

/**
 * Say the alarm in Chinese where the platform offers speech; returns whether it was handed to the
 * speech engine. Never throws: the bar, the chime and the desktop notification stand without it.
 */
export function speakAlarm(
  alarm: Alarm,
  text: string,
  speech: SpeechPort | undefined = globalThis.speechSynthesis,
  Utterance:
    (new (text: string) => SpeechSynthesisUtterance) | undefined = globalThis.SpeechSynthesisUtterance,
): boolean {
  if (!isSpoken(alarm) || !speech || !Utterance) return false;
  try {
    const utterance = new Utterance(text);
    utterance.lang = 'zh-CN';
    const voice = chooseVoice(speech.getVoices());
    if (voice) utterance.voice = voice as SpeechSynthesisVoice;
    speech.speak(utterance);
    return true;
  } catch {
    return false;
  }
}
