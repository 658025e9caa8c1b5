import type { z } from 'zod';

/**
 * The two kinds of station API entry. They live apart from contract.ts so that a feature's calls file
 * (shared/api/<feature>-calls.ts, spread into `stationApi`) can import them without an import cycle.
 */
export type Call = { kind: 'command' | 'query'; input: z.ZodType; output: z.ZodType };

export const command = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O) => ({
  kind: 'command' as const,
  input,
  output,
});

export const query = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O) => ({
  kind: 'query' as const,
  input,
  output,
});
