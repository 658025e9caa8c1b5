import { describe, expect, it } from 'vitest';
import { tokenBudgets } from './rate-limit';

/** The budgets with a hand-moved clock (the socket-level checks are in tests/fault/hub-limits.test.ts). */
describe('per-token budgets', () => {
  it('one budget per token whatever the connections; it refills at the rate', () => {
    let now = 0;
    const budgets = tokenBudgets({ messagesPerSecond: 2, burst: 4, connectionsPerToken: 3 }, () => now);
    expect(budgets.connect('t1')).toBeNull();
    expect(budgets.connect('t1')).toBeNull();
    // Two connections cost 2 of 4; the third message on either is over.
    expect([budgets.take('t1'), budgets.take('t1'), budgets.take('t1')]).toEqual(['ok', 'ok', 'limited']);
    expect(budgets.take('t2')).toBe('ok');
    now += 500; // one message refilled
    expect([budgets.take('t1'), budgets.take('t1')]).toEqual(['ok', 'limited']);
  });

  it('bounds connections per token, and frees one on disconnect', () => {
    const budgets = tokenBudgets({ messagesPerSecond: 100, burst: 100, connectionsPerToken: 1 }, () => 0);
    expect(budgets.connect('t1')).toBeNull();
    expect(budgets.connect('t1')?.code).toBe('RATE_LIMITED');
    budgets.disconnect('t1');
    expect(budgets.connect('t1')).toBeNull();
  });

  it('cuts a token that goes on sending after being limited; forgives at the rate', () => {
    let now = 0;
    const budgets = tokenBudgets({ messagesPerSecond: 10, burst: 2, disconnectAfter: 5 }, () => now);
    const charges = Array.from({ length: 8 }, () => budgets.take('t1'));
    expect(charges).toEqual(['ok', 'ok', 'limited', 'limited', 'limited', 'limited', 'limited', 'cut']);
    now += 10_000;
    expect(budgets.take('t1')).toBe('ok');
  });

  it('remembers a token without connections only until its budget has refilled', () => {
    let now = 0;
    const budgets = tokenBudgets({ messagesPerSecond: 1, burst: 2 }, () => now);
    expect(budgets.connect('t1')).toBeNull();
    budgets.take('t1');
    budgets.disconnect('t1');
    // Reconnecting at once: the spent budget is still there.
    expect(budgets.connect('t1')?.code).toBe('RATE_LIMITED');
    expect(budgets.tracked()).toBe(1);
    now += 2_000;
    expect(budgets.tracked()).toBe(0);
  });
});
