// Child process for the crash test: executes commands as fast as it can and writes the ids of the events
// each committed to stdout only after the call returned. The parent kills it with SIGKILL at random.
import { writeSync } from 'node:fs';
import { newId } from '../../shared/ids';
import type { DomainEvent } from '../../shared/events/envelope';
import { openStationStore } from '../../station/store/index';
import { officer, registerIncidentCommand } from '../../station/store/store.testing';

const [path, run] = process.argv.slice(2);
if (!path || run === undefined) throw new Error('usage: append-child <db path> <run>');

const store = openStationStore({ path, stationId: 'district-500101', jurisdiction: '500101' });
const committed = (events: DomainEvent[]) => writeSync(1, `${events.map((e) => e.id).join(' ')}\n`);
writeSync(1, 'ready\n');
let previous: string | undefined;
for (let n = 0; ; n += 1) {
  const register = registerIncidentCommand({ title: `crash-${run}-${n}` });
  if (n % 4 === 3 && previous) {
    // A batch: several commands in one transaction, whose events must all survive or none. The incident
    // registered just before is taken into response and closed alongside a new registration.
    const results = store.executeAll(
      [
        register,
        { id: newId(), type: 'incident.start_response', payload: { incidentId: previous } },
        {
          id: newId(),
          type: 'incident.close',
          payload: { incidentId: previous, summary: `crash-${run}-${n}` },
        },
      ],
      officer,
    );
    const refused = results.flatMap((r) => (r.ok ? [] : [r.errors]));
    if (refused.length > 0) throw new Error(JSON.stringify(refused));
    committed(results.flatMap((r) => (r.ok ? r.value : [])));
  } else {
    const r = store.execute(register, officer);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    committed(r.value);
  }
  previous = register.payload.incidentId;
}
