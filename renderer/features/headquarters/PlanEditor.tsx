import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiOutput } from '../../../shared/api/contract';
import type { DomainError } from '../../../shared/errors';
import { loadPlan, type ContingencyPlan } from '../../../shared/headquarters/plan';
import { formatChinaTime } from '../../../shared/time';
import { useAppDispatch } from '../../app/hooks';
import { Errors } from './Errors';
import { fetchPlans, savePlan } from './commands';
import { planEditorOpened } from './slice';
import { at, PlanGroupEditor } from './PlanGroupEditor';

const LEVELS = ['I', 'II', 'III', 'IV'] as const;

/**
 * 应急预案编辑: the groups (lead, member roles, first tasks with due minutes) and each level's check-in
 * limit of a template, checked as typed with the same schema and cross-checks the station applies
 * (shared/headquarters/plan.ts); saving makes a new version, earlier ones stay with the headquarters
 * that run on them.
 */
export function PlanEditor() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const [plans, setPlans] = useState<ApiOutput<'hqPlans'>>([]);
  const [planId, setPlanId] = useState<string>('');
  const [draft, setDraft] = useState<ContingencyPlan | null>(null);
  const [serverErrors, setServerErrors] = useState<DomainError[]>([]);
  const [saved, setSaved] = useState<number | null>(null);

  const reload = useCallback(
    async (keep?: string) => {
      const list = await dispatch(fetchPlans()).unwrap();
      setPlans(list);
      const id = keep ?? list[0]?.plan.id ?? '';
      setPlanId(id);
      const entry = list.find((e) => e.plan.id === id);
      setDraft(entry ? structuredClone(entry.plan) : null);
    },
    [dispatch],
  );
  // Loaded once when the editor opens (dispatch, and so reload, never changes).
  useEffect(() => {
    void reload().catch((e: unknown) => setServerErrors(Array.isArray(e) ? (e as DomainError[]) : []));
  }, [reload]);

  const checked = useMemo(() => (draft ? loadPlan(draft) : null), [draft]);
  const localErrors = checked && !checked.ok ? checked.errors : [];
  const entry = plans.find((e) => e.plan.id === planId);

  const edit = (change: (p: ContingencyPlan) => void) => {
    if (!draft) return;
    const next = structuredClone(draft);
    change(next);
    setDraft(next);
    setSaved(null);
    setServerErrors([]);
  };
  const save = async () => {
    if (!draft || localErrors.length > 0) return;
    try {
      await dispatch(savePlan(draft)).unwrap();
      setSaved(draft.version + 1);
      await reload(draft.id);
    } catch (e) {
      setServerErrors(Array.isArray(e) ? (e as DomainError[]) : []);
    }
  };

  return (
    <section className="hq-editor" data-testid="hq-plan-editor">
      <h4>{t('hq.editor.title')}</h4>
      <div className="hq-row">
        <label>
          {t('hq.editor.choose')}
          <select
            value={planId}
            onChange={(e) => {
              setPlanId(e.target.value);
              const next = plans.find((p) => p.plan.id === e.target.value);
              setDraft(next ? structuredClone(next.plan) : null);
              setSaved(null);
              setServerErrors([]);
            }}
            data-testid="hq-plan-select"
          >
            {plans.map((p) => (
              <option key={p.plan.id} value={p.plan.id}>
                {p.plan.title.zh}（v{p.plan.version}）
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => dispatch(planEditorOpened(null))}>
          {t('hq.editor.close')}
        </button>
      </div>
      {entry && entry.saves.length > 0 && (
        <p>
          {t('hq.editor.history', {
            entries: entry.saves
              .map((s) => `v${s.version} ${formatChinaTime(Date.parse(s.at))} ${s.by}`)
              .join('；'),
          })}
        </p>
      )}
      {draft && (
        <>
          <div className="hq-row">
            {LEVELS.filter((l) => draft.levels[l]).map((l) => (
              <label key={l}>
                {t('hq.editor.levelLimit', { level: t(`hq.levels.${l}`) })}
                <input
                  type="number"
                  value={draft.levels[l]?.checkInLimitMinutes ?? ''}
                  onChange={(e) =>
                    edit((p) => {
                      const lp = p.levels[l];
                      if (lp) lp.checkInLimitMinutes = Number(e.target.value);
                    })
                  }
                  data-testid={`hq-limit-${l}`}
                />
              </label>
            ))}
          </div>
          {draft.groups.map((g, gi) => (
            <PlanGroupEditor
              key={g.kind}
              group={g}
              onEdit={(change) => edit((p) => change(at(p.groups, gi)))}
            />
          ))}
          {localErrors.length > 0 ? (
            <p className="hq-warn">{t('hq.editor.invalid', { count: localErrors.length })}</p>
          ) : (
            <p>{t('hq.editor.valid')}</p>
          )}
          <Errors errors={[...localErrors, ...serverErrors]} />
          <button
            type="button"
            disabled={localErrors.length > 0}
            onClick={() => void save()}
            data-testid="hq-editor-save"
          >
            {t('hq.editor.save')}
          </button>
          {saved !== null && <p data-testid="hq-editor-saved">{t('hq.editor.saved', { version: saved })}</p>}
        </>
      )}
    </section>
  );
}
