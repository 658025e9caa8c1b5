import { useTranslation } from 'react-i18next';

/** The hub this station joins: its address, the file holding the station's token, and its CA (optional). */
export interface Hub {
  url: string;
  tokenFile: string;
  caFile: string;
}

/** 上级枢纽: none (a station on its own), or the hub to join. */
export function HubFields({
  joinHub,
  onJoinHub,
  hub,
  onHub,
}: {
  joinHub: boolean;
  onJoinHub: (join: boolean) => void;
  hub: Hub;
  onHub: (hub: Hub) => void;
}) {
  const { t } = useTranslation();
  return (
    <fieldset>
      <legend>{t('setup.hub')}</legend>
      <label>
        <input type="radio" name="setup-hub" checked={!joinHub} onChange={() => onJoinHub(false)} />
        {t('setup.hubNone')}
      </label>
      <label>
        <input type="radio" name="setup-hub" checked={joinHub} onChange={() => onJoinHub(true)} />
        {t('setup.hubJoin')}
      </label>
      {joinHub && (
        <>
          <label htmlFor="setup-hub-url">{t('setup.hubUrl')}</label>
          <input
            id="setup-hub-url"
            value={hub.url}
            placeholder="https://hub.example:8443"
            onChange={(e) => onHub({ ...hub, url: e.target.value })}
            required
          />
          <label htmlFor="setup-hub-token">{t('setup.hubToken')}</label>
          <input
            id="setup-hub-token"
            value={hub.tokenFile}
            onChange={(e) => onHub({ ...hub, tokenFile: e.target.value })}
            required
          />
          <label htmlFor="setup-hub-ca">{t('setup.hubCa')}</label>
          <input
            id="setup-hub-ca"
            value={hub.caFile}
            onChange={(e) => onHub({ ...hub, caFile: e.target.value })}
          />
        </>
      )}
    </fieldset>
  );
}
