import { useEffect } from 'react';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { IncidentPanel } from './IncidentPanel';
import { selectPanelIncident } from './lifeSelectors';
import { incidentPanelOpened } from './slice';

const typingIn = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

/**
 * Where the incident panel lives on the console: `I` opens it for the incident selected in the list or on
 * the map (the command palette lists it and each action), and it shows while open.
 */
export function IncidentPanelHost() {
  const dispatch = useAppDispatch();
  const incident = useAppSelector(selectPanelIncident);
  const selectedId = useAppSelector((s) => s.map.selectedIncidentId);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key.toLowerCase() !== 'i' || e.ctrlKey || e.metaKey || e.altKey || typingIn(e.target)) return;
      // Another dialog (the intake form, the palette, a report) keeps the keyboard.
      if (!selectedId || document.querySelector('[role=dialog], .modal-backdrop')) return;
      e.preventDefault();
      dispatch(incidentPanelOpened({ incidentId: selectedId }));
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [dispatch, selectedId]);
  return incident ? <IncidentPanel key={incident.id} incident={incident} /> : null;
}
