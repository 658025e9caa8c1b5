import { useTranslation } from 'react-i18next';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { DispatchPanel } from '../dispatch/DispatchPanel';
import { dispatchPanelOpened, incidentSelected } from '../../app/actions';

/** The incident selected on the console's map: its title with 调派 (D) and ×, or the dispatch panel once opened. */
export function MapSelection({
  selectedId,
  selected,
}: {
  selectedId: string | null;
  /** The selected incident's marker, when the map draws it. */
  selected: { id: string; title: string } | undefined;
}) {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const dispatchOpen = useAppSelector((s) => s.map.dispatchOpen);
  if (selectedId && dispatchOpen) return <DispatchPanel key={selectedId} incidentId={selectedId} />;
  if (!selected || dispatchOpen) return null;
  return (
    <div className="map-selection" data-testid="map-selection">
      <strong>{selected.title}</strong>
      <button type="button" className="primary" onClick={() => dispatch(dispatchPanelOpened(selected.id))}>
        {t('map.dispatch.open')} <kbd>D</kbd>
      </button>
      <button type="button" aria-label={t('map.dispatch.close')} onClick={() => dispatch(incidentSelected(null))}>
        ×
      </button>
    </div>
  );
}
