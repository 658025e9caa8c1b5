import { domainError, type DomainError } from '../shared/errors';

/** A token bucket: `burst` messages at once, refilled at `perSecond`. */
export function tokenBucket(perSecond: number, burst: number, clock: () => number) {
  let tokens = burst;
  let last = clock();
  const refill = () => {
    const now = clock();
    tokens = Math.min(burst, tokens + ((now - last) / 1000) * perSecond);
    last = now;
  };
  return {
    take(cost = 1): boolean {
      refill();
      if (tokens < cost) return false;
      tokens -= cost;
      return true;
    },
    /** True once the bucket has refilled completely (nothing is owed any more). */
    full(): boolean {
      refill();
      return tokens >= burst;
    },
  };
}

export interface TokenLimits {
  /** Messages per second, all of a token's connections together. */
  messagesPerSecond: number;
  /** Messages at once before the rate applies. */
  burst: number;
  /** Connections open at once with one token (default 4: a reconnect may overlap a connection not yet seen dead). */
  connectionsPerToken?: number;
  /**
   * Messages refused for the rate, less what the rate refills, after which every connection of the
   * token is closed (default 4 × burst): a station that goes on flooding after being told is cut off.
   */
  disconnectAfter?: number;
}

/** What to do with one message: answer it, answer RATE_LIMITED, or close the token's connections. */
export type Charge = 'ok' | 'limited' | 'cut';

interface Budget {
  bucket: ReturnType<typeof tokenBucket>;
  /** Refused messages not yet forgiven (decays at the message rate). */
  overflow: number;
  overflowAt: number;
  connections: number;
}

/** A token's budgets, kept in this process (`tokenBudgets`) or in a database shared by hub nodes. */
export interface TokenBudgets {
  /** A new connection with `tokenId`: null when allowed (then `disconnect` when it closes), else why not. */
  connect(tokenId: string): DomainError | null;
  /**
   * `connect` for several at once, answered in their order (where each answer costs a database round
   * trip, the connections that arrived together pay for one).
   */
  connectMany?(tokenIds: readonly string[]): Array<DomainError | null>;
  disconnect(tokenId: string): void;
  /** Charge one message (known or not, well-formed or not) of `cost` to the token's budget. */
  take(tokenId: string, cost?: number): Charge;
  /** How many tokens are remembered (memory stays bounded by the tokens in use). */
  tracked(): number;
}

/**
 * Rate and connection limits per station token (its `jti`), not per connection: every socket opened
 * with one token draws on one budget, so opening more connections buys no more messages. A connection
 * attempt costs a message too. A budget outlives its last connection until it has refilled, so
 * reconnecting does not refill it either.
 */
export function tokenBudgets(limits: TokenLimits, clock: () => number = Date.now): TokenBudgets {
  const maxConnections = limits.connectionsPerToken ?? 4;
  const disconnectAfter = limits.disconnectAfter ?? 4 * limits.burst;
  const budgets = new Map<string, Budget>();

  const budgetOf = (tokenId: string): Budget => {
    let b = budgets.get(tokenId);
    if (!b) {
      b = { bucket: tokenBucket(limits.messagesPerSecond, limits.burst, clock), overflow: 0, overflowAt: clock(), connections: 0 };
      budgets.set(tokenId, b);
    }
    return b;
  };

  /** Forget budgets with no connection that have refilled completely (nothing to remember). */
  const sweep = () => {
    for (const [id, b] of budgets) if (b.connections === 0 && b.bucket.full()) budgets.delete(id);
  };

  const charge = (b: Budget, cost: number): Charge => {
    if (b.bucket.take(cost)) return 'ok';
    const now = clock();
    b.overflow = Math.max(0, b.overflow - ((now - b.overflowAt) / 1000) * limits.messagesPerSecond) + cost;
    b.overflowAt = now;
    return b.overflow > disconnectAfter ? 'cut' : 'limited';
  };

  return {
    /** A new connection with `tokenId`: null when allowed (then `disconnect` when it closes), else why not. */
    connect(tokenId: string): DomainError | null {
      sweep();
      const b = budgetOf(tokenId);
      if (b.connections >= maxConnections)
        return domainError('RATE_LIMITED', 'token', `this token already has ${b.connections} connection(s) open (at most ${maxConnections})`);
      if (charge(b, 1) !== 'ok') return domainError('RATE_LIMITED', 'token', 'too many messages with this token; try again shortly');
      b.connections += 1;
      return null;
    },
    disconnect(tokenId: string): void {
      const b = budgets.get(tokenId);
      if (b) b.connections = Math.max(0, b.connections - 1);
    },
    /** Charge one message (known or not, well-formed or not) of `cost` to the token's budget. */
    take(tokenId: string, cost = 1): Charge {
      return charge(budgetOf(tokenId), cost);
    },
    /** How many tokens are remembered (memory stays bounded by the tokens in use). */
    tracked(): number {
      sweep();
      return budgets.size;
    },
  };
}
