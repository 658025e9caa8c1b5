import { LineLayer, TextLayer } from '@deck.gl/layers';
import { formatCountdown, type DispatchLine } from '../markers';
import type { RGBA } from './types';

export const dispatchLineColour = (l: Pick<DispatchLine, 'late'>): RGBA =>
  l.late ? [220, 38, 38, 230] : [16, 185, 129, 230];
export const etaMidpoint = (l: Pick<DispatchLine, 'from' | 'to'>): [number, number] => [
  (l.from[0] + l.to[0]) / 2,
  (l.from[1] + l.to[1]) / 2,
];

/**
 * Orders under way as lines team → incident (red once late), and the time left to arrival at each
 * line's middle. The labels use only digits, '+' and ':' in a monospace font: a small glyph atlas
 * built once, not one per Chinese character.
 */
export function dispatchLayers(lines: readonly DispatchLine[], scale: number) {
  const withEta = lines.filter((l) => l.remainingMs !== undefined);
  return [
    new LineLayer<DispatchLine>({
      id: 'dispatch-lines',
      data: lines,
      getSourcePosition: (l) => l.from,
      getTargetPosition: (l) => l.to,
      getColor: dispatchLineColour,
      getWidth: 3 * scale,
      widthUnits: 'pixels',
      pickable: true,
    }),
    new TextLayer<DispatchLine>({
      id: 'dispatch-eta',
      data: withEta,
      getPosition: etaMidpoint,
      getText: (l) => formatCountdown(l.remainingMs ?? 0),
      getColor: (l) => (l.late ? [254, 202, 202, 255] : [209, 250, 229, 255]),
      getSize: 14 * scale,
      background: true,
      getBackgroundColor: [2, 6, 23, 200],
      backgroundPadding: [4, 2],
      fontFamily: 'monospace',
      characterSet: '+0123456789:',
    }),
  ];
}
