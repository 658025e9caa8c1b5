import { useEffect, useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { StationClient } from '../../../shared/api/client';
import type { DivisionWire } from '../../../shared/api/gazetteer-calls';
import type { SetupStatus, SiteSetupDone, SiteSetupInput } from '../../../shared/api/setup-calls';
import type { DomainError } from '../../../shared/errors';
import { JurisdictionPicker } from './JurisdictionPicker';
import { HubFields, type Hub } from './HubFields';
import { AdminFields, type Admin } from './AdminFields';

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
  const [chosen, setChosen] = useState<DivisionWire | null>(null);
  const [village, setVillage] = useState('');
  const [name, setName] = useState('');
  const [ruleProfile, setRuleProfile] = useState('auto');
  const [joinHub, setJoinHub] = useState(false);
  const [hub, setHub] = useState<Hub>({ url: '', tokenFile: '', caFile: '' });
  const [files, setFiles] = useState({ staffFile: '', teamsFile: '' });
  const [admin, setAdmin] = useState<Admin>({ name: '', secret: '', again: '', dutyRole: 'leader' });
  const [errors, setErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<SiteSetupDone | null>(null);

  useEffect(() => {
    void client.setupStatus({}).then((r) => r.ok && setStatus(r.value));
  }, [client]);

  const explain = (list: readonly DomainError[]) =>
    list.map((e) => {
      const field = fieldName(e.field);
      const label = field && field in setupFields(t) ? setupFields(t)[field] : '';
      const message = en ? e.message.en : e.message.zh;
      return label ? t('errors.field', { field: label, message }) : message;
    });

  const submit = async (e: SubmitEvent) => {
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
          <p role="note">
            {t('setup.replaces', { name: status.current.name, code: status.current.jurisdiction })}
          </p>
        )}

        <JurisdictionPicker
          client={client}
          dataset={status.dataset}
          chosen={chosen}
          onChosen={setChosen}
          village={village}
          onVillage={setVillage}
          name={name}
          onName={setName}
        />

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

        <HubFields joinHub={joinHub} onJoinHub={setJoinHub} hub={hub} onHub={setHub} />

        <fieldset>
          <legend>{t('setup.directories')}</legend>
          <label htmlFor="setup-staff">{t('setup.staffFile')}</label>
          <input
            id="setup-staff"
            value={files.staffFile}
            onChange={(e) => setFiles({ ...files, staffFile: e.target.value })}
          />
          <label htmlFor="setup-teams">{t('setup.teamsFile')}</label>
          <input
            id="setup-teams"
            value={files.teamsFile}
            onChange={(e) => setFiles({ ...files, teamsFile: e.target.value })}
          />
        </fieldset>

        <AdminFields admin={admin} onAdmin={setAdmin} />

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
