import { useEffect, useRef, useState, type SubmitEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { type IncidentFacts, subtypesByCategory } from '../../../shared/domain/incident';
import type { DomainError } from '../../../shared/errors';
import { likelyDuplicates, type DuplicateCandidate } from '../../../shared/domain/duplicates';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { registerIncident } from '../../app/commands';
import { selectLanguage, selectNow, selectStation } from '../header/selectors';
import { emptyDraft, factsFromDraft, type IncidentDraft } from './facts';
import { selectOpenIncidents } from './selectors';
import { recordRepeatCall } from './commands';
import { areaOf, resolveArea, settleArea } from './areas';
import { IncidentFactsFields, type PointFrom } from './IncidentFactsFields';
import { DuplicateOffer } from './DuplicateOffer';
import { placePickCancelled } from './slice';
import { draftFromCall } from '../drills/prefill';

/**
 * 接报登记: keyboard first — Tab through, digits pick from the lists, Ctrl+Enter saves, Esc cancels.
 * Before a new incident is saved, open incidents it likely repeats (same area, category, within an
 * hour) are offered: merging logs the call against that incident instead of registering a second one.
 */
export function IncidentForm({
  onClose,
  onSaved,
  fromCall,
}: {
  onClose: () => void;
  onSaved: (title: string) => void;
  /** A call that reached this console (a drill's inject): the form opens filled from it, and names it on saving. */
  fromCall?: { facts: IncidentFacts; drillId: string; injectKey: string };
}) {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const station = useAppSelector(selectStation);
  const language = useAppSelector(selectLanguage);
  const now = useAppSelector(selectNow);
  const [draft, setDraft] = useState<IncidentDraft>(() =>
    fromCall ? draftFromCall(fromCall.facts, now) : emptyDraft(now, station?.jurisdiction ?? ''),
  );
  const [errors, setErrors] = useState<DomainError[]>([]);
  const [saving, setSaving] = useState(false);
  const open = useAppSelector(selectOpenIncidents);
  /** Offered duplicates of the checked facts; `confirmedNew` once the officer said it is a new incident. */
  const [duplicates, setDuplicates] = useState<DuplicateCandidate[] | null>(null);
  const [confirmedNew, setConfirmedNew] = useState(false);
  const busy = useRef(false);
  // A place picked on the map (the map pane routes its click while a pick is on) fills the coordinates once.
  const pick = useAppSelector((s) => s.incidents.pick);
  const [pickSeq, setPickSeq] = useState(pick.seq);
  /** Where the point came from, and the form says so: a map click, typed coordinates, an area's centroid. */
  const [pointFrom, setPointFrom] = useState<PointFrom>(null);
  if (pick.seq !== pickSeq) {
    setPickSeq(pick.seq);
    if (pick.point) {
      const { lon, lat } = pick.point;
      setDraft((d) => ({ ...d, lon: lon.toFixed(6), lat: lat.toFixed(6) }));
      setPointFrom('map');
    }
  }
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);

  const set = <K extends keyof IncidentDraft>(key: K, value: IncidentDraft[K]) => {
    if (key === 'lon' || key === 'lat') setPointFrom('typed');
    setDraft((d) => ({ ...d, [key]: value }));
  };
  const chooseCategory = (value: string) => {
    const category = value as IncidentDraft['category'];
    setDraft((d) => ({ ...d, category, subtype: subtypesByCategory[category][0] }));
  };
  /**
   * An area whose centroid the station knows also gives a point, unless a point was clicked or typed already
   * (another area's centroid is replaced by this one's, or cleared when this one has none).
   */
  const chooseArea = (value: string) => {
    const point = areaOf(resolveArea(value) ?? value)?.point;
    const empty = draft.lon.trim() === '' && draft.lat.trim() === '';
    const fill = pointFrom === 'centroid' || (empty && pointFrom !== 'typed');
    if (fill) setPointFrom(point ? 'centroid' : null);
    setDraft((d) => ({
      ...d,
      areaCode: value,
      ...(fill ? { lon: point ? String(point.lon) : '', lat: point ? String(point.lat) : '' } : {}),
    }));
  };
  const message = (e: DomainError) => (language === 'en' ? e.message.en : e.message.zh);

  const submit = async (event?: SubmitEvent, asNew = confirmedNew) => {
    event?.preventDefault();
    // Synchronous guard: a second Ctrl+Enter before React re-renders must neither register twice nor
    // find the call just registered and offer it as its own duplicate.
    if (busy.current) return;
    // A name typed in the area field is settled by the station's gazetteer before the facts are checked.
    busy.current = true;
    await dispatch(settleArea(draft.areaCode));
    busy.current = false;
    const facts = factsFromDraft(draft);
    if (!facts.ok) {
      setErrors(facts.errors);
      return;
    }
    if (!asNew) {
      const candidates = likelyDuplicates(facts.value, open);
      if (candidates.length > 0) {
        setDuplicates(candidates);
        return;
      }
    }
    busy.current = true;
    setSaving(true);
    const fromInject = fromCall ? { drillId: fromCall.drillId, injectKey: fromCall.injectKey } : undefined;
    const result = await dispatch(
      registerIncident({ facts: facts.value, ...(fromInject ? { fromInject } : {}) }),
    );
    setSaving(false);
    if (registerIncident.fulfilled.match(result)) {
      onSaved(facts.value.title);
      onClose();
    } else {
      busy.current = false;
      setErrors(result.payload ?? []);
    }
  };

  const merge = async (incidentId: string) => {
    // The facts as the form holds them now (the officer may have added to the call after the offer).
    await dispatch(settleArea(draft.areaCode));
    const checked = factsFromDraft(draft);
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    const facts = checked.value;
    if (busy.current) return;
    busy.current = true;
    setSaving(true);
    const what = [facts.location.address, facts.description].filter(Boolean).join('，') || facts.title;
    const result = await dispatch(
      recordRepeatCall({
        incidentId,
        facts,
        text: t('incident.duplicates.repeatCall', { title: facts.title, text: what }),
      }),
    );
    setSaving(false);
    if (recordRepeatCall.fulfilled.match(result)) onClose();
    else {
      busy.current = false;
      setErrors(result.payload ?? []);
    }
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void submit();
    if (e.key === 'Escape') {
      if (pick.active) dispatch(placePickCancelled());
      else onClose();
    }
  };

  const generalErrors = errors.filter((e) => !e.field || !((e.field.split('.').pop() ?? '') in draft));

  return (
    <div
      className="modal-backdrop"
      role="presentation"
      // While a place is picked the map underneath takes the click; the form waits, its text kept.
      style={
        pick.active
          ? { background: 'transparent', pointerEvents: 'none', alignItems: 'flex-start' }
          : undefined
      }
    >
      <form
        className="incident-form"
        aria-label={t('incident.new')}
        onSubmit={(e) => void submit(e)}
        onKeyDown={onKeyDown}
        data-testid="incident-form"
        style={pick.active ? { pointerEvents: 'auto' } : undefined}
      >
        {pick.active && (
          <p role="status" data-testid="picking">
            {t('incident.picking')}{' '}
            <button type="button" autoFocus onClick={() => dispatch(placePickCancelled())}>
              {t('incident.pickCancel')}
            </button>
          </p>
        )}
        <div hidden={pick.active}>
          <h2>{t('incident.new')}</h2>
          <p className="keys-hint">{t('incident.keysHint')}</p>
          <IncidentFactsFields
            draft={draft}
            errors={errors}
            pointFrom={pointFrom}
            firstRef={first}
            set={set}
            chooseCategory={chooseCategory}
            chooseArea={chooseArea}
          />
          {duplicates && (
            <DuplicateOffer
              duplicates={duplicates}
              saving={saving}
              onMerge={(incidentId) => void merge(incidentId)}
              onRegisterAnyway={() => {
                setConfirmedNew(true);
                setDuplicates(null);
                void submit(undefined, true);
              }}
            />
          )}
          {generalErrors.length > 0 && (
            <ul className="form-errors" role="alert" data-testid="form-errors">
              {generalErrors.map((e, i) => (
                <li key={i}>
                  {e.field ? t('errors.field', { field: e.field, message: message(e) }) : message(e)}
                </li>
              ))}
            </ul>
          )}
          <div className="form-actions">
            <button type="submit" className="primary" disabled={saving} data-testid="save-incident">
              {t('incident.save')}
            </button>
            <button type="button" onClick={onClose}>
              {t('incident.cancel')}
            </button>
          </div>
        </div>
      </form>
    </div>
  );
}
