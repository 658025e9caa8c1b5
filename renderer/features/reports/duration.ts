/**
 * A span of time as H:MM:SS (or M:SS under an hour), sign dropped: the report clocks, the inbox's ages,
 * timeliness and the headquarters' deadlines all show time left or past this way.
 */
export function formatDuration(ms: number): string {
  const total = Math.floor(Math.abs(ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}
