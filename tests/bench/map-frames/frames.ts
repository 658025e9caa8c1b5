/** Frame times as the page lives them: the gap between consecutive animation frames. */
export function frameRecorder() {
  let deltas: number[] = [];
  let last = 0;
  let running = false;
  const loop = (t: number) => {
    if (!running) return;
    if (last > 0) deltas.push(t - last);
    last = t;
    requestAnimationFrame(loop);
  };
  return {
    start() {
      deltas = [];
      last = 0;
      running = true;
      requestAnimationFrame(loop);
    },
    stop(): number[] {
      running = false;
      return deltas;
    },
  };
}
