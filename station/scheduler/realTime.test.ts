import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { newId } from '../../shared/ids';
import { MINUTE, toInstant } from '../../shared/time';
import { officer, registerIncidentCommand } from '../store/store.testing';
import { openStationStore } from '../store';
import { DeadlineScheduler, type LadderAlarm } from './scheduler';

it('with the real clock and timers (the production defaults) a reminder due in a moment rings once, not early', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'duty-scheduler-real-'));
  const store = openStationStore({
    path: join(dir, 'station.db'),
    stationId: 'district-500101',
    jurisdiction: '500101',
  });
  const scheduler = new DeadlineScheduler({ store });
  try {
    // Phone report due 30 min after the call: the reminder (T−10 min) falls 1.5 s from now.
    const reminderAt = Date.now() + 1500;
    const command = registerIncidentCommand({ incidentId: newId() });
    const facts = {
      ...command.payload.facts,
      occurredAt: toInstant(reminderAt - 25 * MINUTE),
      receivedAt: toInstant(reminderAt - 20 * MINUTE),
    };
    expect(store.execute({ ...command, payload: { ...command.payload, facts } }, officer).ok).toBe(true);

    const rang: Array<{ alarm: LadderAlarm; at: number }> = [];
    const first = new Promise<void>((resolve) =>
      scheduler.onAlarm((alarm) => {
        rang.push({ alarm, at: Date.now() });
        resolve();
      }),
    );
    scheduler.start();
    await first;
    // Another second and a half: nothing rings twice.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(rang.map((r) => [r.alarm.subjectKey, r.alarm.step])).toEqual([['initial.phone', 'reminder']]);
    expect(rang[0].at).toBeGreaterThanOrEqual(reminderAt);
  } finally {
    scheduler.stop();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
