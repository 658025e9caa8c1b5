import { describe, expect, it } from 'vitest';
import type { Alarm } from '../../../shared/api/contract';
import { initI18n } from '../../i18n';
import { alarmText } from './announce';
import { chooseVoice, speakAlarm, type SpeechPort } from './speech';

const alarm = (over: Partial<Alarm>): Alarm => ({
  id: 'a1',
  kind: 'obligation_overdue',
  severity: 'urgent',
  raisedAt: '2026-11-25T02:30:00.000Z',
  sound: true,
  params: {
    title: '建设路厂房火灾',
    obligation: 'initial_phone',
    dueAt: '2026-11-25T02:30:00.000Z',
    leader: '王强',
  },
  ...over,
});

const voice = (lang: string, name: string, localService = true) => ({ lang, name, localService });

class FakeUtterance {
  lang = '';
  voice: unknown = null;
  constructor(readonly text: string) {}
}

function platform(voices: ReturnType<typeof voice>[]) {
  const spoken: FakeUtterance[] = [];
  const port: SpeechPort = {
    getVoices: () => voices,
    speak: (u) => void spoken.push(u),
  };
  return {
    port,
    spoken,
    Utterance: FakeUtterance as unknown as new (text: string) => SpeechSynthesisUtterance,
  };
}

describe('spoken alerts in Chinese', () => {
  it('prefers a local zh-CN voice, then another Chinese voice, and takes no other language', () => {
    expect(
      chooseVoice([voice('en-US', 'a'), voice('zh-CN', 'net', false), voice('zh-CN', 'local')])?.name,
    ).toBe('local');
    expect(chooseVoice([voice('en-US', 'a'), voice('zh_TW', 'tw')])?.name).toBe('tw');
    expect(chooseVoice([voice('zh-HK', 'hk'), voice('cmn-Hans-CN', 'cmn')])?.name).toBe('cmn');
    expect(chooseVoice([voice('en-GB', 'b'), voice('ja-JP', 'j')])).toBeUndefined();
  });

  it('speaks the overdue rung in Chinese, naming the leader, whatever the interface language', () => {
    initI18n('en');
    const { port, spoken, Utterance } = platform([voice('en-US', 'e'), voice('zh-CN', 'Tingting')]);
    const overdue = alarm({});
    expect(alarmText(overdue)).toContain('Overdue');
    expect(speakAlarm(overdue, alarmText(overdue, 'zh-CN'), port, Utterance)).toBe(true);
    expect(spoken).toHaveLength(1);
    expect(spoken[0]?.text).toBe('已超时：建设路厂房火灾 · 电话首报 · 已同时告知带班领导：王强');
    expect(spoken[0]?.lang).toBe('zh-CN');
    expect(spoken[0]?.voice).toMatchObject({ name: 'Tingting' });
  });

  it('speaks the T−2 min alarm but not the quiet reminder', () => {
    const { port, spoken, Utterance } = platform([]);
    const reminder = alarm({ kind: 'obligation_due_soon', severity: 'warning', sound: false, params: {} });
    const urgent = alarm({ kind: 'obligation_due_soon', severity: 'urgent', sound: true });
    expect(speakAlarm(reminder, 'x', port, Utterance)).toBe(false);
    expect(speakAlarm(urgent, '即将到期', port, Utterance)).toBe(true);
    // No Chinese voice installed: the utterance still says it is Chinese and the platform picks.
    expect(spoken.map((u) => [u.text, u.lang, u.voice])).toEqual([['即将到期', 'zh-CN', null]]);
  });

  it('does nothing, and does not throw, where the platform has no speech or it fails', () => {
    const { Utterance } = platform([]);
    expect(speakAlarm(alarm({}), '已超时', undefined, Utterance)).toBe(false);
    const broken: SpeechPort = {
      getVoices: () => [],
      speak: () => {
        throw new Error('speech service unavailable');
      },
    };
    expect(speakAlarm(alarm({}), '已超时', broken, Utterance)).toBe(false);
  });
});
