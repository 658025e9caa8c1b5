/**
 * The handover sheet's open incidents in the order the console lists them (selectIncidentsByUrgency: level,
 * lives, overdue reports, then time), so the incoming shift reads the worst first. An incident the console no
 * longer holds (closed since the sheet was drafted) follows the rest, in the sheet's own order.
 */
export function inUrgencyOrder<T extends { id: string }>(
  sheetIncidents: readonly T[],
  urgent: readonly { id: string }[],
): T[] {
  const rank = new Map(urgent.map((incident, i) => [incident.id, i]));
  const at = (id: string) => rank.get(id) ?? Number.MAX_SAFE_INTEGER;
  return sheetIncidents
    .map((incident, i) => ({ incident, i }))
    .sort((a, b) => at(a.incident.id) - at(b.incident.id) || a.i - b.i)
    .map(({ incident }) => incident);
}
