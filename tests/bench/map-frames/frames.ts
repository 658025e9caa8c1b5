/**
 * Draws of the map to the screen, counted from WebGL itself: a draw call while the default framebuffer
 * is bound (picking and other offscreen passes draw into framebuffers of their own). Installed when this
 * module loads, before either page creates its deck.gl context, so both pages are counted the same way.
 */
let screenDraws = 0;
let boundFramebuffer: WebGLFramebuffer | null = null;
const gl2 = globalThis.WebGL2RenderingContext?.prototype as unknown as Record<string, unknown> | undefined;
if (gl2) {
  const bind = gl2.bindFramebuffer as (this: WebGL2RenderingContext, target: number, fb: WebGLFramebuffer | null) => void;
  gl2.bindFramebuffer = function (this: WebGL2RenderingContext, target: number, fb: WebGLFramebuffer | null) {
    // FRAMEBUFFER and DRAW_FRAMEBUFFER set where draws go; READ_FRAMEBUFFER does not.
    if (target !== this.READ_FRAMEBUFFER) boundFramebuffer = fb;
    bind.call(this, target, fb);
  };
  for (const name of ['drawArrays', 'drawElements', 'drawArraysInstanced', 'drawElementsInstanced', 'drawRangeElements']) {
    const draw = gl2[name] as ((...args: unknown[]) => void) | undefined;
    if (!draw) continue;
    gl2[name] = function (this: WebGL2RenderingContext, ...args: unknown[]) {
      if (boundFramebuffer === null) screenDraws += 1;
      draw.apply(this, args);
    };
  }
}

/**
 * Frame times as the page lives them (the gap between consecutive animation frames), and how many of
 * those frames drew the map: deck.gl draws only when something changed, so a page can have short
 * frames in which nothing was drawn — the drawn frames are what the commander sees move.
 */
export function frameRecorder() {
  let deltas: number[] = [];
  let drawnAt: number[] = [];
  let last = 0;
  let drawsAtLast = 0;
  let running = false;
  const loop = (t: number) => {
    if (!running) return;
    if (last > 0) {
      deltas.push(t - last);
      if (screenDraws > drawsAtLast) drawnAt.push(t);
    }
    last = t;
    drawsAtLast = screenDraws;
    requestAnimationFrame(loop);
  };
  return {
    start: () => {
      deltas = [];
      drawnAt = [];
      last = 0;
      running = true;
      requestAnimationFrame(loop);
    },
    stop: (): number[] => {
      running = false;
      return deltas;
    },
    /** When each frame of the last recording that drew the map to the screen began (ms, page clock). */
    drawnFrames: () => drawnAt,
  };
}
