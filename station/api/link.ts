import type { LinkState } from '../../shared/api/contract';
import { toInstant } from '../../shared/time';
import type { LinkSource } from './ports';

/** The part of the station sync client (station/sync/client.ts) that the header needs. */
export interface SyncStateSource {
  state(): { status: 'offline' | 'syncing' | 'online'; outboxDepth: number; lastContactAt: number | null };
  subscribe(listener: (state: ReturnType<SyncStateSource['state']>) => void): () => void;
}

/** The link as the sync client reports it. Pushes only when something the header shows has changed. */
export function syncLink(sync: SyncStateSource, hubUrl: string): LinkSource {
  const view = (s: ReturnType<SyncStateSource['state']>): LinkState => ({
    status: s.status,
    outboxDepth: s.outboxDepth,
    lastContactAt: s.lastContactAt === null ? null : toInstant(s.lastContactAt),
    hubUrl,
  });
  return {
    current: () => view(sync.state()),
    onChange(listener) {
      let last = '';
      return sync.subscribe((s) => {
        const next = view(s);
        // Contact time moves on every message; the header shows it only while offline.
        const key = `${next.status}|${next.outboxDepth}|${next.status === 'offline' ? next.lastContactAt : ''}`;
        if (key === last) return;
        last = key;
        listener(next);
      });
    },
  };
}
