import { z } from 'zod';
import type { EventDraft } from '../events/envelope';
import { domainError } from '../errors';
import { fail, ok, type Result } from '../result';

/**
 * What the wall display shows, chosen at the console and recorded like any other change (the event
 * `display.wall_configured` on the station's `display:<stationId>` stream), so every wall screen of the
 * station, Electron window or browser, follows it. The map stays on the wall; the panes named here take
 * turns beside it, each for `intervalS` seconds.
 */
export const WallSettings = z.object({
  /** Board panes by id (the renderer's pane ids), in turn order; unknown ids are skipped by the wall. */
  panes: z
    .array(z.string().regex(/^[A-Za-z]{1,32}$/))
    .min(1)
    .max(12)
    .refine((p) => new Set(p).size === p.length, 'a pane is named twice'),
  intervalS: z.number().int().min(5).max(600),
});
export type WallSettings = z.infer<typeof WallSettings>;

export const defaultWallSettings: WallSettings = { panes: ['incidents', 'clocks', 'teams'], intervalS: 20 };

export const wallStream = (stationId: string) => `display:${stationId}` as const;

/** The settings in force: the last `display.wall_configured` of the station's stream, else the default. */
export function wallSettingsFrom(
  events: ReadonlyArray<{ type: string; stream: string; payload: unknown }>,
  stationId: string,
): WallSettings {
  let settings = defaultWallSettings;
  for (const e of events) {
    if (e.type !== 'display.wall_configured' || e.stream !== wallStream(stationId)) continue;
    const parsed = WallSettings.safeParse(e.payload);
    if (parsed.success) settings = parsed.data;
  }
  return settings;
}

/** Which of the rotating panes shows at `nowMs`: turns counted from the epoch, so every wall agrees. */
export function wallPaneAt(settings: WallSettings, nowMs: number): string {
  const turn = Math.floor(nowMs / (settings.intervalS * 1000));
  return settings.panes[turn % settings.panes.length] ?? settings.panes[0] ?? 'incidents';
}

/** 大屏设置: chosen at a console, recorded for every wall of the station. */
export const displayCommandPayloads = {
  'display.configure_wall': z.object({ settings: WallSettings }),
} as const;

export type DisplayCommand = {
  type: 'display.configure_wall';
  payload: z.infer<(typeof displayCommandPayloads)['display.configure_wall']>;
};

/** The wall settings belong to the deciding station: its own `display:<stationId>` stream. */
export function decideDisplay(cmd: DisplayCommand, ctx: { station?: string }): Result<EventDraft[]> {
  if (!ctx.station) return fail(domainError('INVALID_FIELD', 'station', 'the deciding station is not known'));
  return ok([
    { type: 'display.wall_configured', stream: wallStream(ctx.station), payload: cmd.payload.settings },
  ]);
}
