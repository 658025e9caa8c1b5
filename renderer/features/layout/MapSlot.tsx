import { createContext, useContext, useLayoutEffect, useRef } from 'react';
import { MapPane } from '../map/MapPane';

/**
 * The one map of the window, kept across `W` (console ⇄ wall): it is drawn into an element that outlives both
 * boards (Views), and each board's map pane only lends it a place. Re-creating it cost a WebGL context and
 * every layer's shaders, compiled again in software where the PC has no GPU: seconds per switch
 * (tests/bench/console-wall.bench.ts).
 */
export const MapHostContext = createContext<HTMLElement | null>(null);

/** Where the map shows in a board. Without a host (a board rendered alone), the board draws its own map. */
export function MapSlot({ wall }: { wall: boolean }) {
  const host = useContext(MapHostContext);
  const slot = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const el = slot.current;
    if (!host || !el) return;
    el.appendChild(host);
    return () => {
      if (host.parentNode === el) el.removeChild(host);
    };
  }, [host]);
  if (!host) return <MapPane wall={wall} />;
  return <div className="map-slot" ref={slot} />;
}
