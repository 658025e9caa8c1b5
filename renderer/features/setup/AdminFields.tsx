import { useTranslation } from 'react-i18next';

/** The first administrator: their name, the PIN typed twice, and their duty role. */
export interface Admin {
  name: string;
  secret: string;
  again: string;
  dutyRole: 'leader' | 'officer';
}

/** 管理员: the person who sets the station up signs in with this PIN afterwards. */
export function AdminFields({ admin, onAdmin }: { admin: Admin; onAdmin: (admin: Admin) => void }) {
  const { t } = useTranslation();
  return (
    <fieldset>
      <legend>{t('setup.admin')}</legend>
      <label htmlFor="setup-admin">{t('setup.adminName')}</label>
      <input
        id="setup-admin"
        value={admin.name}
        onChange={(e) => onAdmin({ ...admin, name: e.target.value })}
        required
      />
      <label htmlFor="setup-secret">{t('setup.secret')}</label>
      <input
        id="setup-secret"
        type="password"
        autoComplete="new-password"
        value={admin.secret}
        onChange={(e) => onAdmin({ ...admin, secret: e.target.value })}
        required
      />
      <label htmlFor="setup-again">{t('setup.again')}</label>
      <input
        id="setup-again"
        type="password"
        autoComplete="new-password"
        value={admin.again}
        onChange={(e) => onAdmin({ ...admin, again: e.target.value })}
        required
      />
      <div role="radiogroup" aria-label={t('setup.dutyRole')}>
        <label>
          <input
            type="radio"
            name="setup-role"
            checked={admin.dutyRole === 'leader'}
            onChange={() => onAdmin({ ...admin, dutyRole: 'leader' })}
          />
          {t('setup.leader')}
        </label>
        <label>
          <input
            type="radio"
            name="setup-role"
            checked={admin.dutyRole === 'officer'}
            onChange={() => onAdmin({ ...admin, dutyRole: 'officer' })}
          />
          {t('setup.officer')}
        </label>
      </div>
    </fieldset>
  );
}
