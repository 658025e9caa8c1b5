import { useTranslation } from 'react-i18next';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { selectEndNotices } from './selectors';
import { endNoticeClosed } from './slice';

/** 演练结束: every drilled console is told plainly, naming the drill, until the officer closes the notice. */
export function DrillEndNotice() {
  const { t, i18n } = useTranslation();
  const dispatch = useAppDispatch();
  const notices = useAppSelector(selectEndNotices);
  if (notices.length === 0) return null;
  return (
    <>
      {notices.map((n) => (
        <section key={n.drillId} className="drill-end-notice" role="alert" aria-label={t('drills.ended')}>
          <strong>{t('drills.ended')}</strong>
          <p>
            {n.title
              ? t('drills.endedText', { title: i18n.language === 'en' ? n.title.en : n.title.zh })
              : t('drills.endedUntitled')}
          </p>
          <button type="button" onClick={() => dispatch(endNoticeClosed(n.drillId))}>
            {t('drills.close')}
          </button>
        </section>
      ))}
    </>
  );
}
