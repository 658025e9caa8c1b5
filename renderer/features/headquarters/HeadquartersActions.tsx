import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiOutput } from '../../../shared/api/contract';
import type { HeadquartersStateWire } from '../../../shared/api/headquarters-calls';
import type { SeverityLevel } from '../../../shared/domain/incident';
import type { HeadquartersCommand } from './commands';
import { LEVELS, severity } from './levels';

/** A running headquarters' commands: raise or lower the response level, place the site, terminate. */
export function HeadquartersActions({
  hq,
  record,
  run,
}: {
  hq: HeadquartersStateWire;
  record: ApiOutput<'hqRecord'> | null;
  run: (command: HeadquartersCommand) => Promise<boolean>;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [newLevel, setNewLevel] = useState<SeverityLevel>(hq.responseLevel);
  const [site, setSite] = useState({
    lon: hq.site?.lon.toString() ?? '',
    lat: hq.site?.lat.toString() ?? '',
    address: '',
  });
  const [endReason, setEndReason] = useState('');
  const raising = severity[newLevel] < severity[hq.responseLevel];
  const adds = raising ? (record?.raisePreview[newLevel] ?? []) : [];
  return (
    <>
      <h5>{t('hq.changeLevel')}</h5>
      <div className="hq-row">
        <select
          value={newLevel}
          onChange={(e) => setNewLevel(e.target.value as SeverityLevel)}
          data-testid="hq-new-level"
        >
          {LEVELS.map((l) => (
            <option key={l} value={l}>
              {t(`hq.levels.${l}`)}
            </option>
          ))}
        </select>
        <input
          value={reason}
          placeholder={t('hq.reason')}
          onChange={(e) => setReason(e.target.value)}
          aria-label={t('hq.reason')}
        />
        <button
          type="button"
          disabled={newLevel === hq.responseLevel || reason.trim() === ''}
          onClick={() =>
            void run({
              type: 'headquarters.change_level',
              payload: {
                headquartersId: hq.id,
                level: newLevel,
                reason,
                addMembers: adds.map((l) => l.member),
              },
            }).then((okay) => okay && setReason(''))
          }
          data-testid="hq-change-level"
        >
          {raising ? t('hq.raise') : t('hq.lower')}
        </button>
        {raising && <small>{t('hq.adds', { count: adds.length })}</small>}
      </div>

      <h5>{t('hq.site')}</h5>
      <div className="hq-row">
        <input
          value={site.lon}
          placeholder={t('hq.lon')}
          aria-label={t('hq.lon')}
          onChange={(e) => setSite({ ...site, lon: e.target.value })}
        />
        <input
          value={site.lat}
          placeholder={t('hq.lat')}
          aria-label={t('hq.lat')}
          onChange={(e) => setSite({ ...site, lat: e.target.value })}
        />
        <input
          value={site.address}
          placeholder={t('hq.address')}
          aria-label={t('hq.address')}
          onChange={(e) => setSite({ ...site, address: e.target.value })}
        />
        <button
          type="button"
          onClick={() =>
            void run({
              type: 'headquarters.place_site',
              payload: {
                headquartersId: hq.id,
                point: { lon: Number(site.lon), lat: Number(site.lat) },
                ...(site.address.trim() ? { address: site.address } : {}),
              },
            })
          }
          data-testid="hq-place-site"
        >
          {t('hq.placeSite')}
        </button>
      </div>
      {hq.site && (
        <p>
          {t('hq.sitePlaced', {
            lon: hq.site.lon.toFixed(5),
            lat: hq.site.lat.toFixed(5),
            address: hq.siteAddress ?? '',
          })}
        </p>
      )}

      <h5>{t('hq.terminate')}</h5>
      <div className="hq-row">
        <input
          value={endReason}
          placeholder={t('hq.reason')}
          aria-label={t('hq.reason')}
          onChange={(e) => setEndReason(e.target.value)}
        />
        <button
          type="button"
          disabled={endReason.trim() === ''}
          onClick={() =>
            void run({
              type: 'headquarters.terminate',
              payload: { headquartersId: hq.id, reason: endReason },
            })
          }
          data-testid="hq-terminate"
        >
          {t('hq.terminateConfirm')}
        </button>
      </div>
    </>
  );
}
