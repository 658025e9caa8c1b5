import { useEffect, useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { fetchRecipientsPreview, fetchWarningAreas, issueWarning } from './commands';
import { composeClosed } from './slice';
import { COLOURS } from './warningTime';
import { WarningErrors } from './WarningErrors';

/** 发布预警: hazard, colour, the areas it covers (and grid persons), the text; a preview of who receives it, then issue. */
export function IssueWarningForm() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const areas = useAppSelector((s) => s.warnings.areas);
  const preview = useAppSelector((s) => s.warnings.preview);
  const busy = useAppSelector((s) => s.warnings.busy);
  const [hazard, setHazard] = useState('暴雨');
  const [colour, setColour] = useState<(typeof COLOURS)[number]>('orange');
  const [chosen, setChosen] = useState<string[]>([]);
  const [gridPersons, setGridPersons] = useState(false);
  const [text, setText] = useState('');
  useEffect(() => {
    void dispatch(fetchWarningAreas(undefined));
  }, [dispatch]);
  useEffect(() => {
    if (chosen.length > 0) void dispatch(fetchRecipientsPreview({ areas: chosen, tiers: [1], gridPersons }));
  }, [dispatch, chosen, gridPersons]);
  const townships = areas.filter((a) => a.tier === 1);
  const recipients = chosen.length > 0 ? (preview ?? []) : [];
  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    void dispatch(issueWarning({ hazard, colour, areas: chosen, text, recipients }));
  };
  return (
    <form
      className="warning-form warning-sheet"
      data-testid="warning-form"
      aria-label={t('warnings.issue')}
      onSubmit={submit}
    >
      <button
        type="button"
        className="warning-sheet-close"
        aria-label={t('warnings.close')}
        onClick={() => dispatch(composeClosed())}
      >
        ×
      </button>
      <label>
        {t('warnings.hazard')}
        <input
          name="hazard"
          value={hazard}
          list="warning-hazards"
          onChange={(e) => setHazard(e.target.value)}
        />
        <datalist id="warning-hazards">
          {['暴雨', '山洪', '地质灾害', '森林火险', '大风', '高温', '寒潮', '冰冻'].map((h) => (
            <option key={h} value={h} />
          ))}
        </datalist>
      </label>
      <fieldset className="warning-colours">
        <legend>{t('warnings.colour')}</legend>
        {COLOURS.map((c) => (
          <label key={c} className={`colour-option colour-${c}`}>
            <input
              type="radio"
              name="colour"
              value={c}
              checked={colour === c}
              onChange={() => setColour(c)}
            />
            {t(`warnings.colours.${c}`)}
          </label>
        ))}
      </fieldset>
      <fieldset className="warning-areas" data-testid="warning-areas">
        <legend>{t('warnings.areas')}</legend>
        {townships.map((a) => (
          <label key={a.code}>
            <input
              type="checkbox"
              name="area"
              value={a.code}
              checked={chosen.includes(a.code)}
              onChange={(e) =>
                setChosen((prev) =>
                  e.target.checked ? [...prev, a.code].sort() : prev.filter((x) => x !== a.code),
                )
              }
            />
            {a.name}
          </label>
        ))}
        <label className="warning-grid">
          <input
            type="checkbox"
            name="gridPersons"
            checked={gridPersons}
            onChange={(e) => setGridPersons(e.target.checked)}
          />
          {t('warnings.gridPersons')}
        </label>
      </fieldset>
      <label>
        {t('warnings.text')}
        <textarea name="text" rows={3} value={text} onChange={(e) => setText(e.target.value)} />
      </label>
      <div className="warning-preview" data-testid="warning-preview">
        <span>{t('warnings.recipientsCount', { n: recipients.length })}</span>
        <ul>
          {recipients.map((r) => (
            <li key={r.id} data-testid="warning-preview-recipient">
              {r.name}
              {r.superiorName && <small>{t('warnings.superior', { name: r.superiorName })}</small>}
              {!r.reachable && <small className="warning-unreachable">{t('warnings.noPhone')}</small>}
            </li>
          ))}
        </ul>
      </div>
      <WarningErrors />
      <div className="form-actions">
        <button type="submit" data-testid="warning-submit" disabled={busy || recipients.length === 0}>
          {t('warnings.submit')}
        </button>
        <button type="button" onClick={() => dispatch(composeClosed())}>
          {t('warnings.cancel')}
        </button>
      </div>
    </form>
  );
}
