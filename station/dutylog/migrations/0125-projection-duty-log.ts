import type { Migration } from '../../store/migrations/types';

/**
 * 值班日志: one row per entry (its current content and every version in `state`), listed newest first by
 * when it happened, and a full-text index over every version's text and counterpart. SQLite's FTS5
 * trigram tokenizer matches any substring of three characters or more, which suits Chinese text that has
 * no spaces between words; shorter search terms are matched by scanning `search` (see the store query).
 * The index is an external-content table kept equal to `duty_log` by triggers, so the projector writes
 * the row as it writes any other projection.
 */
export const projectionDutyLog: Migration = {
  version: 125,
  name: 'projection-duty-log',
  addsProjection: true,
  up(db) {
    db.exec(`
      CREATE TABLE duty_log (
        id TEXT PRIMARY KEY,
        station TEXT NOT NULL,
        occurred_at TEXT NOT NULL,
        incident_id TEXT,
        search TEXT NOT NULL,
        state TEXT NOT NULL
      ) STRICT;
      CREATE INDEX dutyLog_byOccurredAt ON duty_log (occurred_at);
      CREATE INDEX dutyLog_byIncident ON duty_log (incident_id, occurred_at) WHERE incident_id IS NOT NULL;
      CREATE VIRTUAL TABLE duty_log_search USING fts5(
        search, content = 'duty_log', content_rowid = 'rowid', tokenize = 'trigram'
      );
      CREATE TRIGGER dutyLog_searchOnInsert AFTER INSERT ON duty_log BEGIN
        INSERT INTO duty_log_search (rowid, search) VALUES (new.rowid, new.search);
      END;
      CREATE TRIGGER dutyLog_searchOnDelete AFTER DELETE ON duty_log BEGIN
        INSERT INTO duty_log_search (duty_log_search, rowid, search) VALUES ('delete', old.rowid, old.search);
      END;
      CREATE TRIGGER dutyLog_searchOnUpdate AFTER UPDATE OF search ON duty_log BEGIN
        INSERT INTO duty_log_search (duty_log_search, rowid, search) VALUES ('delete', old.rowid, old.search);
        INSERT INTO duty_log_search (rowid, search) VALUES (new.rowid, new.search);
      END;
    `);
  },
};
