// Child process for the crash test: appends events as fast as it can and writes each committed
// event id to stdout only after the append returned. The parent kills it with SIGKILL at random.
import { writeSync } from 'node:fs';
import { newId } from '../../shared/ids';
import { openStationStore } from '../../station/store/index';
import { officer, registerIncidentCommand } from '../../station/store/fixtures';

const [path, run] = process.argv.slice(2);
if (!path || run === undefined) throw new Error('usage: append-child <db path> <run>');

const store = openStationStore({ path, stationId: 'district-500101', jurisdiction: '500101' });
writeSync(1, 'ready\n');
for (let n = 0; ; n += 1) {
  if (n % 4 === 3) {
    // A batch: several events in one transaction must all survive or none.
    const incidentId = newId();
    const events = store.appendLocal(
      [
        {
          type: 'incident.registered',
          stream: `incident:${incidentId}`,
          payload: { facts: registerIncidentCommand({ title: `crash-${run}-${n}` }).payload.facts },
        },
        { type: 'incident.response_started', stream: `incident:${incidentId}`, payload: {} },
        {
          type: 'incident.closed',
          stream: `incident:${incidentId}`,
          payload: { summary: `crash-${run}-${n}` },
        },
      ],
      officer,
    );
    writeSync(1, `${events.map((e) => e.id).join(' ')}\n`);
  } else {
    const r = store.execute(registerIncidentCommand({ title: `crash-${run}-${n}` }));
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    writeSync(1, `${r.value.map((e) => e.id).join(' ')}\n`);
  }
}
