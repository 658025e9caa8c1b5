import { useEffect, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { StationClient } from '../../../shared/api/client';
import type { DivisionWire } from '../../../shared/api/gazetteer-calls';
import type { SetupStatus, SiteSetupDone, SiteSetupInput } from '../../../shared/api/setup-calls';
import type { DomainError } from '../../../shared/errors';

/** How long typing pauses before the station is asked (every key would be a query). */
const ASK_AFTER_MS = 120;

const fieldName = (field: string | undefined) => field?.split('.').pop() ?? '';

/**
 * 首次设置 (issue 19, `npm start -- --setup`): the station has no site yet. The jurisdiction is searched in the
 * station's national gazetteer by name or code (a township's villages are offered below it), then the rule
 * profile, the hub (or none), the directories to import and the administrator. Saving starts the station as
 * the site; `onDone` then opens its sign-in (the page reloads).
 */
export function SetupScreen({
  client,
  onDone = () => window.location.reload(),
}: {
  client: StationClient;
  onDone?: (done: SiteSetupDone) => void;
}) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const [status, setStatus] = useState<SetupStatus | null>(null);
  const [text, setText] = useState('');
  const [offer, setOffer] = useState<{ matches: DivisionWire[]; total: number; active: number; open: boolean }>({
    matches: [],
    total: 0,
    active: 0,
    open: false,
  });
  const [chosen, setChosen] = useState<DivisionWire | null>(null);
  const [villages, setVillages] = useState<DivisionWire[]>([]);
  const [village, setVillage] = useState('');
  const [name, setName] = useState('');
  const [ruleProfile, setRuleProfile] = useState('auto');
  const [joinHub, setJoinHub] = useState(false);
  const [hub, setHub] = useState({ url: '', tokenFile: '', caFile: '' });
  const [files, setFiles] = useState({ staffFile: '', teamsFile: '' });
  const [admin, setAdmin] = useState({ name: '', secret: '', again: '', dutyRole: 'leader' as 'leader' | 'officer' });
  const [errors, setErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<SiteSetupDone | null>(null);

  useEffect(() => {
    void client.setupStatus({}).then((r) => r.ok && setStatus(r.value));
  }, [client]);

  // Matches as the person types (a pause of ASK_AFTER_MS), never for the text of a division just chosen.
  useEffect(() => {
    const q = text.trim();
    if (q === '' || (chosen && (q === chosen.label || q === chosen.code))) {
      setOffer((o) => ({ ...o, matches: [], total: 0, open: false }));
      return;
    }
    let stale = false;
    const timer = setTimeout(() => {
      void client.setupSearch({ text: q }).then((r) => {
        if (stale || !r.ok) return;
        setOffer({ matches: r.value.matches, total: r.value.total, active: 0, open: true });
      });
    }, ASK_AFTER_MS);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [client, text, chosen]);

  // A chosen township offers its villages (a village-level station is rare, and possible).
  useEffect(() => {
    setVillage('');
    setVillages([]);
    if (!chosen || chosen.level !== 'township') return;
    let stale = false;
    void client.setupDivision({ code: chosen.code }).then((r) => {
      if (!stale && r.ok) setVillages(r.value.children);
    });
    return () => {
      stale = true;
    };
  }, [client, chosen]);

  const choose = (d: DivisionWire) => {
    setChosen(d);
    setText(d.label);
    setOffer({ matches: [], total: 0, active: 0, open: false });
  };

  const onSearchKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (!offer.open || offer.matches.length === 0) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setOffer((o) => ({ ...o, active: (o.active + step + o.matches.length) % o.matches.length }));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const d = offer.matches[offer.active];
      if (d) choose(d);
    } else if (e.key === 'Escape') {
      setOffer((o) => ({ ...o, open: false }));
    }
  };

  const explain = (list: readonly DomainError[]) =>
    list.map((e) => {
      const field = fieldName(e.field);
      const label = field && field in setupFields(t) ? setupFields(t)[field] : '';
      const message = en ? e.message.en : e.message.zh;
      return label ? t('errors.field', { field: label, message }) : message;
    });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const problems: string[] = [];
    if (!chosen) problems.push(t('setup.notChosen'));
    if (admin.secret !== admin.again) problems.push(t('setup.mismatch'));
    setErrors(problems);
    if (problems.length > 0 || !chosen) return;
    const input: SiteSetupInput = {
      jurisdiction: village || chosen.code,
      ...(name.trim() ? { name: name.trim() } : {}),
      ruleProfile,
      hub: joinHub
        ? {
            url: hub.url.trim(),
            tokenFile: hub.tokenFile.trim(),
            ...(hub.caFile.trim() ? { caFile: hub.caFile.trim() } : {}),
          }
        : null,
      directories: {
        ...(files.staffFile.trim() ? { staffFile: files.staffFile.trim() } : {}),
        ...(files.teamsFile.trim() ? { teamsFile: files.teamsFile.trim() } : {}),
      },
      admin: { name: admin.name.trim(), secret: admin.secret, dutyRole: admin.dutyRole },
    };
    setBusy(true);
    const r = await client.setupSite(input);
    setBusy(false);
    if (!r.ok) {
      setErrors(explain(r.errors));
      return;
    }
    setDone(r.value);
    onDone(r.value);
  };

  if (!status) return <main className="signin" aria-busy="true" />;
  return (
    <main className="signin setup">
      <form className="signin-card setup-card" onSubmit={(e) => void submit(e)} aria-labelledby="setup-title">
        <h1 id="setup-title">{t('setup.title')}</h1>
        <p>{t('setup.hint', { dataDir: status.dataDir })}</p>
        {status.current && (
          <p role="note">{t('setup.replaces', { name: status.current.name, code: status.current.jurisdiction })}</p>
        )}

        <fieldset>
          <legend>{t('setup.jurisdiction')}</legend>
          <label htmlFor="setup-search">{t('setup.search')}</label>
          <input
            id="setup-search"
            role="combobox"
            aria-autocomplete="list"
            aria-expanded={offer.open && offer.matches.length > 0}
            aria-controls="setup-options"
            aria-activedescendant={offer.open && offer.matches[offer.active] ? `setup-${offer.matches[offer.active]?.code}` : undefined}
            aria-describedby="setup-search-hint"
            value={text}
            autoComplete="off"
            autoFocus
            onChange={(e) => {
              setText(e.target.value);
              setChosen(null);
            }}
            onKeyDown={onSearchKey}
          />
          <small id="setup-search-hint">{t('setup.searchHint', { dataset: status.dataset })}</small>
          {offer.open && (
            <ul className="area-options" role="listbox" id="setup-options" aria-label={t('setup.options')}>
              {offer.matches.map((d, i) => (
                <li
                  key={d.code}
                  id={`setup-${d.code}`}
                  role="option"
                  aria-selected={i === offer.active}
                  onMouseDown={(e) => {
                    e.preventDefault();
                    choose(d);
                  }}
                >
                  {d.label} <small>{d.code}</small>
                </li>
              ))}
              {offer.matches.length === 0 && <li role="presentation">{t('setup.none')}</li>}
              {offer.total > offer.matches.length && (
                <li role="presentation">{t('setup.more', { total: offer.total })}</li>
              )}
            </ul>
          )}
          <p role="status">{chosen ? t('setup.chosen', { label: chosen.label, code: chosen.code }) : ''}</p>
          {villages.length > 0 && chosen && (
            <>
              <label htmlFor="setup-village">{t('setup.village')}</label>
              <select id="setup-village" value={village} onChange={(e) => setVillage(e.target.value)}>
                <option value="">{t('setup.villageNone', { name: chosen.name })}</option>
                {villages.map((v) => (
                  <option key={v.code} value={v.code}>
                    {v.name} {v.code}
                  </option>
                ))}
              </select>
            </>
          )}
          <label htmlFor="setup-name">{t('setup.name')}</label>
          <input
            id="setup-name"
            value={name}
            placeholder={t('setup.namePlaceholder')}
            onChange={(e) => setName(e.target.value)}
          />
        </fieldset>

        <label htmlFor="setup-rules">{t('setup.rules')}</label>
        <select id="setup-rules" value={ruleProfile} onChange={(e) => setRuleProfile(e.target.value)}>
          <option value="auto">{t('setup.rulesAuto')}</option>
          {status.ruleProfiles.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
              {p.appliesTo ? ` (${p.appliesTo})` : ''}
            </option>
          ))}
        </select>

        <fieldset>
          <legend>{t('setup.hub')}</legend>
          <label>
            <input type="radio" name="setup-hub" checked={!joinHub} onChange={() => setJoinHub(false)} />
            {t('setup.hubNone')}
          </label>
          <label>
            <input type="radio" name="setup-hub" checked={joinHub} onChange={() => setJoinHub(true)} />
            {t('setup.hubJoin')}
          </label>
          {joinHub && (
            <>
              <label htmlFor="setup-hub-url">{t('setup.hubUrl')}</label>
              <input
                id="setup-hub-url"
                value={hub.url}
                placeholder="https://hub.example:8443"
                onChange={(e) => setHub({ ...hub, url: e.target.value })}
                required
              />
              <label htmlFor="setup-hub-token">{t('setup.hubToken')}</label>
              <input
                id="setup-hub-token"
                value={hub.tokenFile}
                onChange={(e) => setHub({ ...hub, tokenFile: e.target.value })}
                required
              />
              <label htmlFor="setup-hub-ca">{t('setup.hubCa')}</label>
              <input id="setup-hub-ca" value={hub.caFile} onChange={(e) => setHub({ ...hub, caFile: e.target.value })} />
            </>
          )}
        </fieldset>

        <fieldset>
          <legend>{t('setup.directories')}</legend>
          <label htmlFor="setup-staff">{t('setup.staffFile')}</label>
          <input id="setup-staff" value={files.staffFile} onChange={(e) => setFiles({ ...files, staffFile: e.target.value })} />
          <label htmlFor="setup-teams">{t('setup.teamsFile')}</label>
          <input id="setup-teams" value={files.teamsFile} onChange={(e) => setFiles({ ...files, teamsFile: e.target.value })} />
        </fieldset>

        <fieldset>
          <legend>{t('setup.admin')}</legend>
          <label htmlFor="setup-admin">{t('setup.adminName')}</label>
          <input id="setup-admin" value={admin.name} onChange={(e) => setAdmin({ ...admin, name: e.target.value })} required />
          <label htmlFor="setup-secret">{t('setup.secret')}</label>
          <input
            id="setup-secret"
            type="password"
            autoComplete="new-password"
            value={admin.secret}
            onChange={(e) => setAdmin({ ...admin, secret: e.target.value })}
            required
          />
          <label htmlFor="setup-again">{t('setup.again')}</label>
          <input
            id="setup-again"
            type="password"
            autoComplete="new-password"
            value={admin.again}
            onChange={(e) => setAdmin({ ...admin, again: e.target.value })}
            required
          />
          <div role="radiogroup" aria-label={t('setup.dutyRole')}>
            <label>
              <input
                type="radio"
                name="setup-role"
                checked={admin.dutyRole === 'leader'}
                onChange={() => setAdmin({ ...admin, dutyRole: 'leader' })}
              />
              {t('setup.leader')}
            </label>
            <label>
              <input
                type="radio"
                name="setup-role"
                checked={admin.dutyRole === 'officer'}
                onChange={() => setAdmin({ ...admin, dutyRole: 'officer' })}
              />
              {t('setup.officer')}
            </label>
          </div>
        </fieldset>

        {errors.length > 0 && (
          <ul className="form-error" role="alert">
            {errors.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        )}
        {done && (
          <p role="status">
            {t('setup.done', {
              name: done.name,
              staff: done.imported.staff,
              teams: done.imported.teams,
              skipped: done.imported.teamsSkipped,
            })}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy || done !== null}>
          {busy ? t('setup.saving') : t('setup.save')}
        </button>
      </form>
    </main>
  );
}

const setupFields = (t: (key: string) => string): Record<string, string> => ({
  jurisdiction: t('setup.fields.jurisdiction'),
  ruleProfile: t('setup.fields.ruleProfile'),
  url: t('setup.fields.url'),
  tokenFile: t('setup.fields.tokenFile'),
  caFile: t('setup.fields.caFile'),
  staffFile: t('setup.fields.staffFile'),
  teamsFile: t('setup.fields.teamsFile'),
  name: t('setup.fields.name'),
  secret: t('setup.fields.secret'),
  setupSite: t('setup.fields.setupSite'),
});
