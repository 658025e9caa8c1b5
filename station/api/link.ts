import type { LinkState } from '../../shared/api/contract';
import { toInstant } from '../../shared/time';
import type { ApiStore, LinkSource } from './ports';

/** The part of the station sync client (station/sync/client.ts) that the header needs. */
export interface SyncStateSource {
  state(): {
    status: 'offline' | 'syncing' | 'online';
    outboxDepth: number;
    lastContactAt: number | null;
    caughtUpTo?: number;
    behindBy?: number;
    repairs?: number;
    lastRepair?: { at: number } | null;
    unrepaired?: { at: number; after: number; through: number; missing: number } | null;
  };
  subscribe(listener: (state: ReturnType<SyncStateSource['state']>) => void): () => void;
}

/** The link as the sync client reports it. Pushes only when something the header shows has changed. */
export function syncLink(sync: SyncStateSource, hubUrl: string): LinkSource {
  const view = (s: ReturnType<SyncStateSource['state']>): LinkState => ({
    status: s.status,
    outboxDepth: s.outboxDepth,
    lastContactAt: s.lastContactAt === null ? null : toInstant(s.lastContactAt),
    hubUrl,
    caughtUpTo: s.caughtUpTo ?? null,
    behindBy: s.behindBy ?? 0,
    repairs: s.repairs ?? 0,
    lastRepairAt: s.lastRepair ? toInstant(s.lastRepair.at) : null,
    unrepaired: s.unrepaired
      ? {
          after: s.unrepaired.after,
          through: s.unrepaired.through,
          missing: s.unrepaired.missing,
          since: toInstant(s.unrepaired.at),
        }
      : null,
  });
  return {
    current: () => view(sync.state()),
    onChange(listener) {
      let last = '';
      return sync.subscribe((s) => {
        const next = view(s);
        // Contact time moves on every message; the header shows it only while offline.
        // So does the cursor: the header shows how far behind, not where the cursor stands.
        const key = [
          next.status,
          next.outboxDepth,
          next.status === 'offline' ? next.lastContactAt : '',
          next.behindBy,
          next.repairs,
          next.unrepaired
            ? `${next.unrepaired.after}-${next.unrepaired.through}:${next.unrepaired.missing}`
            : '',
        ].join('|');
        if (key === last) return;
        last = key;
        listener(next);
      });
    },
  };
}

/** The link when no hub is configured: the station works alone and says so. */
export function standaloneLink(
  store: Pick<ApiStore, 'outboxDepth' | 'onAppended'>,
): LinkSource & { close(): void } {
  const listeners = new Set<(s: LinkState) => void>();
  const current = (): LinkState => ({
    status: 'standalone',
    outboxDepth: store.outboxDepth(),
    lastContactAt: null,
    hubUrl: null,
  });
  const stop = store.onAppended(() => {
    const s = current();
    for (const l of listeners) l(s);
  });
  return {
    current,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: stop,
  };
}
