import { useTranslation } from 'react-i18next';

/** 退回: the leader's comment on why the report goes back to its author. */
export function ReturnForm({
  comment,
  onChange,
  onSubmit,
}: {
  comment: string;
  onChange: (comment: string) => void;
  onSubmit: () => void;
}) {
  const { t } = useTranslation();
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      <label>
        <span>{t('reportDesk.returnComment')}</span>
        <input
          autoFocus
          value={comment}
          onChange={(e) => onChange(e.target.value)}
          data-testid="report-return-comment"
        />
      </label>
      <button type="submit">{t('reportDesk.steps.return')}</button>
    </form>
  );
}
