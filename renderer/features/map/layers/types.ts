import type { iconAtlasProps } from '../icons';

/** A deck.gl colour: red, green, blue, alpha (0–255). */
export type RGBA = [number, number, number, number];

/**
 * What each layer factory reads of the view besides its data: `scale` is 1 on the console and 1.5 on
 * the wall (read from across the room), `atlas` the props that hand an IconLayer the icon atlas (none
 * without a DOM). The same factories draw both screens (decision 0014).
 */
export interface LayerView {
  scale: number;
  atlas: ReturnType<typeof iconAtlasProps>;
}
