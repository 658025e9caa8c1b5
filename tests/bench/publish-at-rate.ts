import type { DomainEvent } from '../../shared/events/envelope';

/** Wall-clock milliseconds with sub-millisecond resolution, comparable across processes on one machine. */
export const benchNow = (): number => performance.timeOrigin + performance.now();

/**
 * Offer `events` at `rate` per second, `batch` at a time, through `publish`, checking the schedule every
 * `tickMs`: the offered load of the hub benchmarks. Resolves once the last batch is out, with each event's
 * send time indexed by its station sequence (for latencies measured on the subscribers' side) and the start.
 */
export async function publishAtRate(
  events: readonly DomainEvent[],
  { rate, batch, tickMs }: { rate: number; batch: number; tickMs: number },
  publish: (batch: DomainEvent[]) => void,
): Promise<{ sent: number[]; start: number }> {
  const sent = new Array<number>(events.length + 1).fill(0);
  const start = benchNow();
  let next = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const due = Math.min(events.length, Math.floor(((benchNow() - start) / 1000) * rate));
      while (next < due) {
        const slice = events.slice(next, next + batch);
        const t = benchNow();
        for (const e of slice) sent[e.stationSeq] = t;
        publish(slice);
        next += slice.length;
      }
      if (next >= events.length) resolve();
      else setTimeout(tick, tickMs);
    };
    tick();
  });
  return { sent, start };
}
