import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatChinaTime } from '../../../shared/time';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import {
  selectConnected,
  selectLanguage,
  selectLink,
  selectNow,
  selectStation,
  selectView,
} from './selectors';
import { languageChosen } from './slice';
import { signOut } from '../signin/slice';
import { PhonePairing } from '../signin/PhonePairing';
import { Delegations } from '../signin/Delegations';
import { StaffPins } from '../signin/StaffPins';

/** Clock (China Standard Time, 24 h), who is on duty, and where the link to the hub stands. */
export function Header({
  onOpenPalette,
  onToggleView,
}: {
  onOpenPalette: () => void;
  onToggleView: () => void;
}) {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const [pairing, setPairing] = useState(false);
  const [delegating, setDelegating] = useState(false);
  const [staffPins, setStaffPins] = useState(false);
  const now = useAppSelector(selectNow);
  const station = useAppSelector(selectStation);
  const link = useAppSelector(selectLink);
  const connected = useAppSelector(selectConnected);
  const refusal = useAppSelector((s) => s.station.refusal);
  const language = useAppSelector(selectLanguage);
  const view = useAppSelector(selectView);
  const status = link?.status ?? 'offline';
  const session = useAppSelector((s) => s.signin.session);
  return (
    <header className="header" role="banner">
      <div className="brand">
        <h1 className="brand-title">{view === 'wall' ? t('app.wall') : t('app.title')}</h1>
        {/* The part of the bar that gives way when it is narrow: cut with an ellipsis, whole on hover. */}
        <span
          className="brand-detail"
          title={[station?.name, station?.ruleProfile && `${station.ruleProfile.name} (${station.ruleProfile.id})`]
            .filter(Boolean)
            .join(' · ')}
        >
          {station && <span className="station-name">{station.name}</span>}
          {station?.ruleProfile && (
            <span className="rule-profile">{t('header.ruleProfile', { name: station.ruleProfile.name })}</span>
          )}
        </span>
      </div>
      <time className="clock" data-testid="clock" dateTime={new Date(now).toISOString()}>
        {formatChinaTime(now, true)}
      </time>
      <div className="on-duty" data-testid="on-duty">
        <span className="label">{t('header.leader')}</span>
        <span>{station?.onDuty.leader ?? t('header.nobody')}</span>
        <span className="label">{t('header.officers')}</span>
        <span>{station?.onDuty.officers.join('、') || t('header.nobody')}</span>
      </div>
      <div
        className={`link link-${status}`}
        data-testid="link-state"
        data-status={status}
        role="status"
        aria-live="polite"
      >
        <span className="dot" aria-hidden="true" />
        <span>{t(`header.link.${status}`)}</span>
        {link?.behindBy !== undefined && link.behindBy > 0 && (
          <span className="behind" data-behind={link.behindBy}>
            {t('header.behind', { count: link.behindBy })}
          </span>
        )}
        {link?.repairs !== undefined && link.repairs > 0 && link.lastRepairAt && (
          <span className="repairs" data-repairs={link.repairs}>
            {t('header.repairs', {
              count: link.repairs,
              time: formatChinaTime(Date.parse(link.lastRepairAt)),
            })}
          </span>
        )}
        {link && link.outboxDepth > 0 && (
          <span className="outbox" data-testid="outbox-depth" data-depth={link.outboxDepth}>
            {t('header.outbox', { count: link.outboxDepth })}
          </span>
        )}
        {link?.lastContactAt && status === 'offline' && (
          <span className="last-contact">
            {t('header.lastContact', { time: formatChinaTime(Date.parse(link.lastContactAt)) })}
          </span>
        )}
      </div>
      {refusal === 'NOT_PAIRED' && (
        <div className="station-down" role="alert" data-testid="not-paired">
          {t('app.notPaired')}
        </div>
      )}
      {!connected && !refusal && (
        <div className="station-down" role="alert">
          {t('app.stationDown')}
        </div>
      )}
      <nav className="header-actions">
        {view !== 'wall' && session && (
          <span className="signed-in" data-testid="signed-in">
            <span className="label">{t('signin.signedInAs')}</span>{' '}
            <strong>{session.person.name}</strong>（{session.role === 'leader' ? t('signin.leader') : t('signin.officer')}）
            <button type="button" onClick={() => void dispatch(signOut())}>
              {t('signin.signOut')}
            </button>
            <button type="button" onClick={() => void dispatch(signOut())}>
              {t('signin.switchPerson')}
            </button>
            <button type="button" onClick={() => setPairing(true)}>
              {t('signin.phones')}
            </button>
            {/* 授权签发: only who may grant it sees it (the station checks again). */}
            {(session.admin || (session.role === 'leader' && session.signingBasis !== 'delegation')) && (
              <button type="button" onClick={() => setDelegating(true)}>
                {t('signin.delegation')}
              </button>
            )}
            {/* 人员口令: an administrator's only (the station checks again). */}
            {session.admin && (
              <button type="button" onClick={() => setStaffPins(true)}>
                {t('signin.credentials')}
              </button>
            )}
          </span>
        )}
        {pairing && <PhonePairing onClose={() => setPairing(false)} />}
        {delegating && <Delegations onClose={() => setDelegating(false)} />}
        {staffPins && <StaffPins onClose={() => setStaffPins(false)} />}
        <button type="button" onClick={onOpenPalette} title="Ctrl+K">
          {t('header.palette')}
        </button>
        <button type="button" onClick={onToggleView} data-testid="toggle-view">
          {view === 'wall' ? t('header.console') : t('header.wall')}
        </button>
        <button
          type="button"
          data-testid="toggle-language"
          onClick={() => dispatch(languageChosen(language === 'zh-CN' ? 'en' : 'zh-CN'))}
        >
          {t('header.language')}
        </button>
      </nav>
    </header>
  );
}
