import type { Migration } from '../../store/migrations/types';

/** Dispatch orders: which team was sent to which incident and where the order stands. */
export const projectionDispatchOrders: Migration = {
  version: 90,
  name: 'projection-dispatch-orders',
  addsProjection: true,
  up(db) {
    db.exec(`
      CREATE TABLE dispatch_orders (
        id TEXT PRIMARY KEY,
        incident_id TEXT NOT NULL,
        team_id TEXT NOT NULL,
        status TEXT NOT NULL,
        state TEXT NOT NULL
      ) STRICT;
      CREATE INDEX dispatchOrders_byIncident ON dispatch_orders (incident_id);
    `);
  },
};
