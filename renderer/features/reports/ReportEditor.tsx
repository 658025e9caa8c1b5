import type { Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReportContent, ReportKind } from '../../../shared/domain/report';
import { diffContent } from '../../../shared/reports/diff';
import { reportKindText } from './kindLabel';

const TEXT_FIELDS = [
  'unit',
  'time',
  'place',
  'summary',
  'cause',
  'measures',
  'nextSteps',
  'reporter',
  'contact',
] as const;
const LONG = new Set(['summary', 'cause', 'measures', 'nextSteps']);

/** A report being written: a new draft of a kind (with the report before it, to show what changed) or a revision. */
export interface Editing {
  reportId?: string;
  kind: ReportKind;
  content: ReportContent;
  previous?: ReportContent;
}

/** The report's fields to edit, what changed since the previous report, and save / save and submit for 签发. */
export function ReportEditor({
  editing,
  followUps,
  formRef,
  onChange,
  onSave,
  onCancel,
}: {
  editing: Editing;
  /** 续报 already on record, to number the one being drafted. */
  followUps: number;
  formRef: Ref<HTMLFormElement>;
  onChange: (editing: Editing) => void;
  onSave: (submit: boolean) => void;
  onCancel: () => void;
}) {
  const { t, i18n } = useTranslation();
  const changes = editing.previous ? diffContent(editing.previous, editing.content) : [];
  const fieldLabel = (f: string) => t(`reportDesk.fields.${f}`);
  return (
    <form
      ref={formRef}
      className="report-editor"
      aria-label={t('reportDesk.editorLabel')}
      data-testid="report-editor"
      onSubmit={(e) => {
        e.preventDefault();
        onSave(true);
      }}
    >
      <h3>
        {t('reportDesk.drafting', {
          kind: reportKindText(t, i18n.language, {
            kind: editing.kind,
            sequence: followUps + 1,
          }),
        })}
      </h3>
      {editing.previous && (
        <section className="report-changes" data-testid="report-changes">
          <h4>{t('reportDesk.changed')}</h4>
          {changes.length === 0 ? (
            <p>{t('reportDesk.noChange')}</p>
          ) : (
            <ul>
              {changes.map((c) => (
                <li key={c.field}>
                  <strong>{fieldLabel(c.field)}</strong>: <del>{String(c.before ?? '')}</del> →{' '}
                  <ins>{String(c.after ?? '')}</ins>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      <div className="report-fields">
        {TEXT_FIELDS.map((f) => (
          <label key={f} className={`field report-field-${f}${LONG.has(f) ? ' field-long' : ''}`}>
            <span>{fieldLabel(f)}</span>
            {LONG.has(f) ? (
              <textarea
                rows={3}
                value={editing.content[f]}
                onChange={(e) =>
                  onChange({ ...editing, content: { ...editing.content, [f]: e.target.value } })
                }
                data-testid={`report-field-${f}`}
              />
            ) : (
              <input
                value={editing.content[f]}
                onChange={(e) =>
                  onChange({ ...editing, content: { ...editing.content, [f]: e.target.value } })
                }
                data-testid={`report-field-${f}`}
              />
            )}
          </label>
        ))}
      </div>
      <div className="form-actions">
        <button type="submit" className="primary" data-testid="report-save-submit">
          {t('reportDesk.saveSubmit')}
        </button>
        <button type="button" onClick={() => onSave(false)}>
          {t('reportDesk.save')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('reportDesk.cancel')}
        </button>
      </div>
    </form>
  );
}
