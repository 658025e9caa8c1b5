import { describe, expect, it } from 'vitest';
import { defaultWallSettings, wallPaneAt, wallSettingsFrom, WallSettings } from './wall';

const configured = (stream: string, payload: unknown) => ({
  type: 'display.wall_configured',
  stream,
  payload,
});

describe('what the wall display shows', () => {
  it('the last setting recorded for this station is in force; other stations and bad payloads are ignored', () => {
    expect(wallSettingsFrom([], 'station-500110')).toEqual(defaultWallSettings);
    const events = [
      configured('display:station-500110', { panes: ['incidents', 'teams'], intervalS: 30 }),
      configured('display:station-5001', { panes: ['warnings'], intervalS: 10 }),
      configured('display:station-500110', { panes: [], intervalS: 30 }),
    ];
    expect(wallSettingsFrom(events, 'station-500110')).toEqual({
      panes: ['incidents', 'teams'],
      intervalS: 30,
    });
  });
  it('panes take turns every interval, the same on every wall at the same time', () => {
    const settings = { panes: ['incidents', 'clocks', 'teams'], intervalS: 20 };
    expect(wallPaneAt(settings, 0)).toBe('incidents');
    expect(wallPaneAt(settings, 19_999)).toBe('incidents');
    expect(wallPaneAt(settings, 20_000)).toBe('clocks');
    expect(wallPaneAt(settings, 60_000)).toBe('incidents');
  });
  it('refuses a setting the wall could not follow', () => {
    expect(WallSettings.safeParse({ panes: ['incidents'], intervalS: 2 }).success).toBe(false);
    expect(WallSettings.safeParse({ panes: ['teams', 'teams'], intervalS: 20 }).success).toBe(false);
    expect(WallSettings.safeParse({ panes: ['<script>'], intervalS: 20 }).success).toBe(false);
  });
});
