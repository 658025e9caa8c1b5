import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { Group, Panel, Separator } from 'react-resizable-panels';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { paneHidden, paneMoved, sizesChanged, type LayoutState, type PaneId } from './slice';
import { paneContent } from './panes';

/** The multi-pane board: columns of resizable panes, each movable and hideable by keyboard or mouse. */
export function Board({ layout, wall = false }: { layout: LayoutState; wall?: boolean }) {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const stationId = useAppSelector((s) => s.station.info?.stationId ?? 'station');
  const group = (name: string) => `${stationId}:${layout.columns.map((c) => c.join('+')).join('|')}:${name}`;
  const save = (name: string) => (sizes: Record<string, number>) => {
    if (!wall) dispatch(sizesChanged({ group: group(name), layout: sizes }));
  };

  // Number keys follow the screen: columns left to right, each top to bottom (App's screenOrderOf).
  const order = layout.columns.flat();
  const pane = (id: PaneId) => {
    const n = order.indexOf(id) + 1;
    return (
      <section
        className={`pane pane-${id}`}
        aria-label={t(`panes.${id}`)}
        data-pane={id}
        id={`pane-${id}`}
        tabIndex={-1}
      >
        <header className="pane-header">
          {!wall && n <= 9 && (
            <kbd className="pane-key" title={t('panes.key', { n })}>
              {n}
            </kbd>
          )}
          <h2>{t(`panes.${id}`)}</h2>
        </header>
        <div className="pane-body">{paneContent[id](wall)}</div>
        {/* After the pane's content in the tab order: the first Tab in a pane reaches its content, not "move". */}
        {!wall && (
          <div className="pane-tools">
            <button
              type="button"
              title={t('panes.moveLeft')}
              aria-label={t('panes.moveLeft')}
              onClick={() => dispatch(paneMoved({ pane: id, direction: 'left' }))}
            >
              ←
            </button>
            <button
              type="button"
              title={t('panes.moveUp')}
              aria-label={t('panes.moveUp')}
              onClick={() => dispatch(paneMoved({ pane: id, direction: 'up' }))}
            >
              ↑
            </button>
            <button
              type="button"
              title={t('panes.moveDown')}
              aria-label={t('panes.moveDown')}
              onClick={() => dispatch(paneMoved({ pane: id, direction: 'down' }))}
            >
              ↓
            </button>
            <button
              type="button"
              title={t('panes.moveRight')}
              aria-label={t('panes.moveRight')}
              onClick={() => dispatch(paneMoved({ pane: id, direction: 'right' }))}
            >
              →
            </button>
            <button
              type="button"
              title={t('panes.hide')}
              aria-label={t('panes.hide')}
              onClick={() => dispatch(paneHidden(id))}
            >
              ×
            </button>
          </div>
        )}
      </section>
    );
  };

  const columnsId = group('columns');
  return (
    <Group
      key={columnsId}
      id={columnsId}
      orientation="horizontal"
      className="board"
      defaultLayout={layout.sizes[columnsId]}
      onLayoutChanged={save('columns')}
    >
      {layout.columns.map((column, c) => {
        const colId = group(`col${c}`);
        return (
          <Fragment key={colId}>
            {c > 0 && <Separator className="separator separator-v" />}
            <Panel id={`col${c}`} minSize="10">
              <Group
                id={colId}
                orientation="vertical"
                defaultLayout={layout.sizes[colId]}
                onLayoutChanged={save(`col${c}`)}
              >
                {column.map((id, r) => (
                  <Fragment key={id}>
                    {r > 0 && <Separator className="separator separator-h" />}
                    <Panel id={`panel-${id}`} minSize="8">
                      {pane(id)}
                    </Panel>
                  </Fragment>
                ))}
              </Group>
            </Panel>
          </Fragment>
        );
      })}
    </Group>
  );
}
