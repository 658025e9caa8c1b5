import type { PgHubMigration } from './index';

/**
 * Rate and connection limits per station token held in the database, so that they hold across hub
 * nodes (decision 0021; the rules are hub/rate-limit.ts's): a token bucket and its overflow per token,
 * charged by one function call per message; open connections counted per node and token, counted only
 * for nodes seen within 15 s (a node killed with its connections open stops counting). The connect
 * function takes a per-token advisory lock, so two nodes admitting the same token at once cannot both
 * take the last place.
 */
export const pgSharedTokenLimits: PgHubMigration = {
  version: 30,
  name: 'shared-token-limits',
  up(db) {
    db.query(`
      CREATE TABLE token_budgets (
        token_id text PRIMARY KEY,
        tokens double precision NOT NULL,
        at bigint NOT NULL,
        overflow double precision NOT NULL,
        overflow_at bigint NOT NULL
      );
      CREATE TABLE hub_nodes (
        node text PRIMARY KEY,
        seen_at bigint NOT NULL
      );
      CREATE TABLE hub_connections (
        node text NOT NULL,
        token_id text NOT NULL,
        open integer NOT NULL CHECK (open >= 0),
        PRIMARY KEY (node, token_id)
      );
      CREATE INDEX hub_connections_by_token ON hub_connections (token_id);

      CREATE FUNCTION hub_charge(p_token text, p_cost double precision, p_now bigint, p_rate double precision,
                                 p_burst double precision, p_cut double precision) RETURNS text AS $$
      DECLARE
        b token_budgets%ROWTYPE;
      BEGIN
        INSERT INTO token_budgets VALUES (p_token, p_burst, p_now, 0, p_now) ON CONFLICT DO NOTHING;
        SELECT * INTO b FROM token_budgets WHERE token_id = p_token FOR UPDATE;
        b.tokens := least(p_burst, b.tokens + greatest(0, p_now - b.at) / 1000.0 * p_rate);
        IF b.tokens >= p_cost THEN
          UPDATE token_budgets SET tokens = b.tokens - p_cost, at = p_now WHERE token_id = p_token;
          RETURN 'ok';
        END IF;
        b.overflow := greatest(0, b.overflow - greatest(0, p_now - b.overflow_at) / 1000.0 * p_rate) + p_cost;
        UPDATE token_budgets SET tokens = b.tokens, at = p_now, overflow = b.overflow, overflow_at = p_now
          WHERE token_id = p_token;
        RETURN CASE WHEN b.overflow > p_cut THEN 'cut' ELSE 'limited' END;
      END $$ LANGUAGE plpgsql;

      CREATE FUNCTION hub_connect(p_node text, p_token text, p_now bigint, p_max integer, p_rate double precision,
                                  p_burst double precision, p_cut double precision) RETURNS text AS $$
      DECLARE
        n integer;
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtext('dutyroom-token:' || p_token));
        SELECT coalesce(sum(c.open), 0) INTO n FROM hub_connections c JOIN hub_nodes h ON h.node = c.node
          WHERE c.token_id = p_token AND h.seen_at > p_now - 15000;
        IF n >= p_max THEN RETURN 'full:' || n; END IF;
        IF hub_charge(p_token, 1, p_now, p_rate, p_burst, p_cut) <> 'ok' THEN RETURN 'limited'; END IF;
        INSERT INTO hub_connections (node, token_id, open) VALUES (p_node, p_token, 1)
          ON CONFLICT (node, token_id) DO UPDATE SET open = hub_connections.open + 1;
        RETURN 'ok';
      END $$ LANGUAGE plpgsql;
    `);
  },
};
