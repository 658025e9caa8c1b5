import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { jurisdictionOutline, knownAreas, useAreas, type Area } from '../incidents/areas';

/** Code lengths from province to village: a division's parent is the longest shorter one that holds it. */
const LENGTHS = [2, 4, 6, 9, 12];

interface Node {
  area: Area;
  children: Node[];
}

/** The station's subordinates as a tree (parents first in the scope, so each parent is placed before its children). */
export function subordinateTree(own: string, scope: readonly Area[]): Node[] {
  const byCode = new Map<string, Node>();
  const roots: Node[] = [];
  for (const area of scope) {
    const node: Node = { area, children: [] };
    byCode.set(area.code, node);
    let parent: Node | undefined;
    for (const length of LENGTHS) {
      if (length >= area.code.length) break;
      const above = byCode.get(area.code.slice(0, length));
      if (above && area.code.slice(0, length) !== own) parent = above;
    }
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

/** The last part of a station's label (南桐镇 红岩村 → 红岩村): in a tree the parent says the rest. */
const shortName = (area: Area) => area.name.split(' ').pop() ?? area.name;

function Branch({ node }: { node: Node }) {
  const [open, setOpen] = useState(false);
  const label = `${shortName(node.area)} ${node.area.code}`;
  if (node.children.length === 0) return <li>{label}</li>;
  return (
    <li>
      <details onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
        <summary>
          {label}（{node.children.length}）
        </summary>
        {/* A city's or province's thousands of townships are drawn only when their parent is opened. */}
        {open && (
          <ul>
            {node.children.map((c) => (
              <Branch key={c.area.code} node={c} />
            ))}
          </ul>
        )}
      </details>
    </li>
  );
}

/**
 * 辖区: the station's own division and the divisions below it from its gazetteer (to township level; villages too
 * for a township station), on the map beside the note that says where no outline is bundled.
 */
export function JurisdictionTree() {
  const { t } = useTranslation();
  useAreas();
  const { own } = jurisdictionOutline();
  const scope = knownAreas();
  const tree = useMemo(() => (own ? subordinateTree(own.code, scope) : []), [own, scope]);
  const [open, setOpen] = useState(false);
  if (!own || scope.length === 0) return null;
  return (
    <details
      className="map-jurisdiction"
      onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}
      style={{
        position: 'absolute',
        right: 8,
        top: 8,
        maxHeight: '60%',
        maxWidth: '40%',
        overflow: 'auto',
        padding: '4px 8px',
        background: 'rgba(15, 23, 42, 0.85)',
        color: '#e2e8f0',
        fontSize: 12,
        borderRadius: 4,
      }}
    >
      <summary>{t('map.jurisdictionTree', { name: shortName(own), count: scope.length })}</summary>
      {open && (
        <ul aria-label={t('map.jurisdictionTreeLabel', { name: shortName(own) })}>
          {tree.map((n) => (
            <Branch key={n.area.code} node={n} />
          ))}
        </ul>
      )}
    </details>
  );
}
