import { useLayoutEffect, useState } from 'react';
import { createPortal } from 'react-dom';
import { MapPane } from '../map/MapPane';
import { WallBoard } from '../wall/WallBoard';
import { Board } from './Board';
import { MapHostContext } from './MapSlot';
import type { LayoutState } from './slice';
import './layout.css';

/**
 * The console's board or the wall display (`W` switches), around one map: the map is rendered once, into a
 * host element that the board on screen places in its map pane (MapSlot). Switching moves that element
 * instead of building a second map: the WebGL context, the compiled layers and the loaded basemap stay.
 * Where neither board shows a map (the console with its map pane hidden) the map is not kept.
 */
export function Views({ wall, layout }: { wall: boolean; layout: LayoutState }) {
  const [host] = useState(() => {
    const el = document.createElement('div');
    el.className = 'map-host';
    return el;
  });
  // The wall's large type before the first frame of the switch, not after it: a second layout a frame later
  // would resize the map again (its drawing buffer is reallocated, and in software that is slow).
  useLayoutEffect(() => {
    document.body.classList.toggle('wall', wall);
  }, [wall]);
  const mapShown = wall || layout.columns.some((column) => column.includes('map'));
  return (
    <MapHostContext.Provider value={host}>
      {wall ? <WallBoard /> : <Board layout={layout} />}
      {mapShown && createPortal(<MapPane wall={wall} />, host)}
    </MapHostContext.Provider>
  );
}
