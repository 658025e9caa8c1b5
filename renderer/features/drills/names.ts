import { useCallback } from 'react';
import { useAppSelector } from '../../app/hooks';
import { divisionName } from '../incidents/areas';

/** A drilled room's name as this station shows it (its gazetteer's label), else its code. */
export function useRoomName(): (code: string) => string {
  const divisions = useAppSelector((s) => s.drills.divisions);
  return useCallback(
    (code: string) => divisions.find((d) => d.code === code)?.label ?? divisionName(code),
    [divisions],
  );
}

/** Minutes the drill clock shows now: the station's figure as of its reply, run on by the window's tick. */
export function clockNow(
  drill: { status: string; clockMinutes: number | null; startsAt: string | null },
  asOf: string | null,
  now: number,
): number | null {
  if (drill.clockMinutes === null) return null;
  if (drill.status !== 'running' || !asOf || !drill.startsAt) return drill.clockMinutes;
  const from = Math.max(Date.parse(asOf), Date.parse(drill.startsAt));
  return drill.clockMinutes + Math.max(0, Math.floor((now - from) / 60_000));
}
