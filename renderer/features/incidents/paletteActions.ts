import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { DAY, toMs } from '../../../shared/time';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import type { PaletteAction } from '../palette/CommandPalette';
import { selectNow } from '../header/selectors';
import { selectAllIncidents } from './selectors';
import { incidentPanelOpened, type PanelMode } from './slice';
import { startResponse } from './life';

/** How long a closed incident stays in the palette, to be reopened. */
const CLOSED_SHOWN_MS = 7 * DAY;

/**
 * The incident panel's entries in the command palette: the panel and each of its actions for the selected
 * incident (with their keys: I, then U R C O M), and the panel of each open or lately closed incident by name.
 */
export function useIncidentLifeActions(): PaletteAction[] {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const selectedId = useAppSelector((s) => s.map.selectedIncidentId);
  const all = useAppSelector(selectAllIncidents);
  const now = useAppSelector(selectNow);
  // The minute is enough for "lately closed": the palette's list need not change every second.
  const minute = Math.floor(now / 60_000);
  return useMemo(() => {
    const open = (incidentId: string, mode?: PanelMode) => () =>
      dispatch(incidentPanelOpened({ incidentId, ...(mode ? { mode } : {}) }));
    const forSelected: PaletteAction[] = selectedId
      ? [
          { id: 'incident:open', label: t('life.palette.open'), hint: 'I', run: open(selectedId) },
          {
            id: 'incident:update',
            label: t('life.palette.update'),
            hint: 'I U',
            run: open(selectedId, 'update'),
          },
          {
            id: 'incident:respond',
            label: t('life.palette.respond'),
            hint: 'I R',
            run: () => {
              open(selectedId)();
              void dispatch(startResponse({ incidentId: selectedId }));
            },
          },
          {
            id: 'incident:close',
            label: t('life.palette.close'),
            hint: 'I C',
            run: open(selectedId, 'close'),
          },
          {
            id: 'incident:reopen',
            label: t('life.palette.reopen'),
            hint: 'I O',
            run: open(selectedId, 'reopen'),
          },
          {
            id: 'incident:merge',
            label: t('life.palette.merge'),
            hint: 'I M',
            run: open(selectedId, 'merge'),
          },
        ]
      : [];
    const since = minute * 60_000 - CLOSED_SHOWN_MS;
    const byName = all
      .filter((i) => i.status !== 'closed' || (i.closedAt !== undefined && toMs(i.closedAt) >= since))
      .map((i) => ({
        id: `incidentPanel:${i.id}`,
        label: t('life.palette.openFor', { title: i.facts.title }),
        run: open(i.id),
      }));
    return [...forSelected, ...byName];
  }, [all, dispatch, minute, selectedId, t]);
}
