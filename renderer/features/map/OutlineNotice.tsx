import { useTranslation } from 'react-i18next';
import { jurisdictionOutline, useAreas } from '../incidents/areas';

/**
 * Only the demo district has a bundled boundary outline (resources/geo): a station elsewhere says on the map
 * that its jurisdiction is not outlined, so nobody reads the demo's outline as theirs.
 */
export function OutlineNotice() {
  const { t } = useTranslation();
  useAreas();
  const { own, outline } = jurisdictionOutline();
  if (outline !== false || !own) return null;
  return (
    <p
      className="map-outline-missing"
      role="note"
      style={{
        position: 'absolute',
        left: 8,
        bottom: 8,
        margin: 0,
        maxWidth: '60%',
        padding: '4px 8px',
        background: 'rgba(15, 23, 42, 0.8)',
        color: '#fde68a',
        fontSize: 12,
        borderRadius: 4,
        pointerEvents: 'none',
      }}
    >
      {t('map.outlineMissing', { name: own.name })}
    </p>
  );
}
