import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiOutput } from '../../../shared/api/contract';
import type { DrillEvaluationWire } from '../../../shared/api/drills-calls';
import type { DomainError } from '../../../shared/errors';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { saveDrillFile } from './commands';
import { loadPlanChoices, openPlanRevision, recordFindings } from './findingsCommands';

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/**
 * 评估意见 of a drill: the organiser's findings and recommendations (one a line) go into the .docx 演练评估报告
 * and, once the drill ended, on record (保存评估意见); each recommendation on record may name a contingency
 * plan and open a new version of it (据此修订预案), whose history says which drill it came from.
 */
export function DrillFindings({ evaluation }: { evaluation: DrillEvaluationWire }) {
  const { t, i18n } = useTranslation();
  const dispatch = useAppDispatch();
  const busy = useAppSelector((s) => s.drills.busy);
  const savedFile = useAppSelector((s) => s.drills.savedFile);
  const drillId = evaluation.drill.id;
  const onRecord = evaluation.findings ?? null;
  const [findings, setFindings] = useState(onRecord?.text ?? '');
  const [recommendations, setRecommendations] = useState(
    onRecord?.recommendations.map((r) => r.text).join('\n') ?? '',
  );
  const [plans, setPlans] = useState<ApiOutput<'hqPlans'>>([]);
  const [chosen, setChosen] = useState<Record<number, string>>({});
  const [errors, setErrors] = useState<DomainError[]>([]);
  const [status, setStatus] = useState('');
  const [working, setWorking] = useState(false);
  const ended = evaluation.final;
  const words = (x: { zh: string; en: string }) => (i18n.language === 'en' ? x.en : x.zh);
  const planTitle = (id: string) => {
    const p = plans.find((e) => e.plan.id === id);
    return p ? words(p.plan.title) : id;
  };
  useEffect(() => {
    if (!ended) return;
    void dispatch(loadPlanChoices()).then((r) => {
      if (loadPlanChoices.fulfilled.match(r)) setPlans(r.payload);
    });
  }, [dispatch, ended]);

  const run = async (act: () => Promise<string | null>) => {
    setWorking(true);
    setErrors([]);
    setStatus('');
    const said = await act();
    if (said !== null) setStatus(said);
    setWorking(false);
  };
  const refused = (payload: DomainError[] | undefined) => {
    setErrors(payload ?? []);
    return null;
  };
  const save = () =>
    run(async () => {
      const kept = onRecord?.recommendations ?? [];
      const recs = lines(recommendations).map((text) => {
        const before = kept.find((k) => k.text === text);
        return before?.planId ? { text, planId: before.planId } : { text };
      });
      const r = await dispatch(recordFindings({ drillId, findings: findings.trim(), recommendations: recs }));
      return recordFindings.fulfilled.match(r) ? t('drills.findingsSaved') : refused(r.payload);
    });
  const revise = (index: number, planId: string) =>
    run(async () => {
      if (!onRecord) return null;
      const r = await dispatch(
        openPlanRevision({
          drillId,
          findings: onRecord.text,
          recommendations: onRecord.recommendations,
          recommendation: index,
          planId,
        }),
      );
      if (!openPlanRevision.fulfilled.match(r)) return refused(r.payload);
      const { planVersion } = r.payload;
      return planVersion === null
        ? t('drills.revisionOpenedNoVersion', { plan: planTitle(planId) })
        : t('drills.revisionOpened', { plan: planTitle(planId), version: planVersion });
    });

  return (
    <div className="drill-findings">
      <label className="drill-text">
        <span>{t('drills.findings')}</span>
        <textarea value={findings} maxLength={4000} onChange={(e) => setFindings(e.target.value)} />
      </label>
      <label className="drill-text">
        <span>{t('drills.recommendations')}</span>
        <textarea
          value={recommendations}
          maxLength={4000}
          placeholder={t('drills.recommendationsHint')}
          onChange={(e) => setRecommendations(e.target.value)}
        />
      </label>
      <div className="drill-files">
        {ended && (
          <button type="button" disabled={busy || working} onClick={() => void save()}>
            {t('drills.saveFindings')}
          </button>
        )}
        <button
          type="button"
          disabled={busy}
          onClick={() => void dispatch(saveDrillFile({ drillId, file: 'docx', findings, recommendations }))}
        >
          {t('drills.saveDocx')}
        </button>
        <button
          type="button"
          disabled={busy}
          onClick={() => void dispatch(saveDrillFile({ drillId, file: 'xlsx' }))}
        >
          {t('drills.saveXlsx')}
        </button>
        {savedFile && <span role="status">{t('drills.saved', { name: savedFile })}</span>}
      </div>
      {errors.length > 0 && (
        <ul className="errors" role="alert">
          {errors.map((e, i) => (
            <li key={i}>{words(e.message)}</li>
          ))}
        </ul>
      )}
      {status && <p role="status">{status}</p>}
      {onRecord && (
        <section className="drill-on-record" aria-label={t('drills.onRecord')}>
          <h5>{t('drills.onRecord')}</h5>
          {onRecord.text && <p>{onRecord.text}</p>}
          <ol aria-label={t('drills.recommendations')}>
            {onRecord.recommendations.map((rec, i) => {
              const revision = evaluation.revisions?.find((x) => x.recommendation === i);
              const planId = chosen[i] ?? rec.planId ?? '';
              return (
                <li key={i}>
                  <span>{rec.text}</span>{' '}
                  {revision ? (
                    <span>
                      {t('drills.revised', {
                        plan: planTitle(revision.planId),
                        version: revision.planVersion,
                      })}
                    </span>
                  ) : (
                    <>
                      <label>
                        <span>{t('drills.planFor', { n: i + 1 })}</span>
                        <select
                          value={planId}
                          onChange={(e) => setChosen({ ...chosen, [i]: e.target.value })}
                        >
                          <option value="">{t('drills.noPlan')}</option>
                          {plans.map((p) => (
                            <option key={p.plan.id} value={p.plan.id}>
                              {words(p.plan.title)}
                            </option>
                          ))}
                        </select>
                      </label>
                      <button
                        type="button"
                        disabled={!planId || working}
                        onClick={() => void revise(i, planId)}
                      >
                        {t('drills.revisePlan')}
                      </button>
                    </>
                  )}
                </li>
              );
            })}
          </ol>
        </section>
      )}
    </div>
  );
}
