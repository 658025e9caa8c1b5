import type { IncidentMarker } from './markers';

/**
 * The map's symbols, drawn once on a canvas (no image fetch: the CSP allows none, and the station
 * works offline). White shapes used as masks: each layer tints them (level, status).
 */
export const ICON_SIZE = 64;
export const ICONS = [
  'natural_disaster',
  'accident',
  'public_health',
  'social_security',
  'arrow',
  'dot',
  'shelter',
  'depot',
  'headquarters',
] as const;
export type IconName = (typeof ICONS)[number];

export const categoryIcon = (c: IncidentMarker['category']): IconName => c;

export const iconMapping = Object.fromEntries(
  ICONS.map((name, i) => [name, { x: i * ICON_SIZE, y: 0, width: ICON_SIZE, height: ICON_SIZE, mask: true }]),
) as Record<IconName, { x: number; y: number; width: number; height: number; mask: boolean }>;

const shapes: Record<IconName, (c: CanvasRenderingContext2D) => void> = {
  // 自然灾害: triangle
  natural_disaster: (c) => {
    c.moveTo(32, 6);
    c.lineTo(60, 56);
    c.lineTo(4, 56);
    c.closePath();
  },
  // 事故灾难: square
  accident: (c) => c.rect(10, 10, 44, 44),
  // 公共卫生: cross
  public_health: (c) => {
    c.rect(24, 6, 16, 52);
    c.rect(6, 24, 52, 16);
  },
  // 社会安全: diamond
  social_security: (c) => {
    c.moveTo(32, 4);
    c.lineTo(60, 32);
    c.lineTo(32, 60);
    c.lineTo(4, 32);
    c.closePath();
  },
  // A team heading north (the layer turns it).
  arrow: (c) => {
    c.moveTo(32, 4);
    c.lineTo(56, 58);
    c.lineTo(32, 44);
    c.lineTo(8, 58);
    c.closePath();
  },
  dot: (c) => c.arc(32, 32, 22, 0, Math.PI * 2),
  // 避难场所: a house
  shelter: (c) => {
    c.moveTo(32, 6);
    c.lineTo(60, 30);
    c.lineTo(52, 30);
    c.lineTo(52, 58);
    c.lineTo(12, 58);
    c.lineTo(12, 30);
    c.lineTo(4, 30);
    c.closePath();
  },
  // 物资储备库: a crate
  depot: (c) => {
    c.rect(8, 18, 48, 40);
    c.rect(4, 8, 56, 12);
  },
  // 现场指挥部: a flag on a pole
  headquarters: (c) => {
    c.rect(10, 4, 6, 56);
    c.moveTo(16, 6);
    c.lineTo(58, 18);
    c.lineTo(16, 32);
    c.closePath();
  },
};

let atlas: HTMLCanvasElement | null = null;

export function iconAtlas(): HTMLCanvasElement {
  if (atlas) return atlas;
  const canvas = document.createElement('canvas');
  canvas.width = ICON_SIZE * ICONS.length;
  canvas.height = ICON_SIZE;
  const c = canvas.getContext('2d');
  if (c) {
    c.fillStyle = '#fff';
    ICONS.forEach((name, i) => {
      c.save();
      c.translate(i * ICON_SIZE, 0);
      c.beginPath();
      shapes[name](c);
      c.fill();
      c.restore();
    });
  }
  atlas = canvas;
  return canvas;
}

/** The name the atlas goes under in `iconAtlasProps` (a name only: nothing is requested with it). */
export const ICON_ATLAS_URL = 'dutyroom-icons:atlas';

/**
 * The props that hand an IconLayer the atlas canvas. deck.gl's types take `iconAtlas` as a URL or a
 * GPU texture, and it resolves a URL through the layer's `fetch`: here `fetch` answers the atlas's name
 * with the canvas, which deck.gl turns into a texture as it does any image. No atlas (no DOM): none.
 */
export function iconAtlasProps(canvas: HTMLCanvasElement | null) {
  if (!canvas) return {};
  return { iconAtlas: ICON_ATLAS_URL, fetch: (url: string) => (url === ICON_ATLAS_URL ? canvas : null) };
}
