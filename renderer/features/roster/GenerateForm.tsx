import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { generateRoster } from './commands';
import { parseSegments } from './segments';
import { nextMonth } from './selectors';

/** 生成值班表: a month from a pattern (24 h, day/night 12 h, or custom segments), seats per shift and holiday departments. */
export function GenerateForm() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const now = useAppSelector((s) => s.station.now);
  const pending = useAppSelector((s) => s.roster.pending);
  const [month, setMonth] = useState(() => nextMonth(now));
  const [kind, setKind] = useState<'daily24' | 'dayNight12' | 'custom'>('daily24');
  const [segmentsText, setSegmentsText] = useState('早班 08:00 8；中班 16:00 8；夜班 00:00 8');
  const [badSegment, setBadSegment] = useState<number | null>(null);
  const [at, setAt] = useState('08:30');
  const [officers, setOfficers] = useState(2);
  const [liaison, setLiaison] = useState(false);
  const [departments, setDepartments] = useState('');
  return (
    <form
      className="roster-generate"
      onSubmit={(e) => {
        e.preventDefault();
        const parsed = kind === 'custom' ? parseSegments(segmentsText) : null;
        if (parsed && 'badEntry' in parsed) {
          setBadSegment(parsed.badEntry);
          return;
        }
        setBadSegment(null);
        void dispatch(
          generateRoster({
            month,
            pattern:
              kind === 'daily24'
                ? { kind, handoverAt: at }
                : kind === 'dayNight12'
                  ? { kind, dayStartsAt: at }
                  : { kind, segments: parsed ? parsed.segments : [] },
            positions: { officers, liaison },
            holidayDepartments: departments.split(/[,，、\s]+/).filter(Boolean),
          }),
        );
      }}
    >
      <label>
        {t('roster.generate.month')}{' '}
        <input
          type="month"
          value={month}
          onChange={(e) => setMonth(e.target.value)}
          required
          data-testid="roster-gen-month"
        />
      </label>
      <label>
        {t('roster.generate.pattern')}{' '}
        <select value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
          <option value="daily24">{t('roster.generate.daily24')}</option>
          <option value="dayNight12">{t('roster.generate.dayNight12')}</option>
          <option value="custom">{t('roster.generate.custom')}</option>
        </select>
      </label>
      {kind === 'custom' ? (
        <label>
          {t('roster.generate.segments')}{' '}
          <input
            value={segmentsText}
            onChange={(e) => setSegmentsText(e.target.value)}
            aria-invalid={badSegment !== null || undefined}
            data-testid="roster-gen-segments"
            size={40}
          />
          {badSegment !== null && (
            <span role="alert" className="roster-summary bad">
              {t('roster.generate.badSegment', { entry: badSegment })}
            </span>
          )}
        </label>
      ) : (
        <label>
          {t(kind === 'daily24' ? 'roster.generate.handoverAt' : 'roster.generate.dayStartsAt')}{' '}
          {/* 时:分 on the 24-hour clock as text: a native time input draws AM/PM in an English-locale browser. */}
          <input
            value={at}
            onChange={(e) => setAt(e.target.value)}
            required
            inputMode="numeric"
            pattern="([01]\d|2[0-3]):[0-5]\d"
            placeholder="08:30"
            maxLength={5}
            size={5}
          />
        </label>
      )}
      <label>
        {t('roster.generate.officers')}{' '}
        <input
          type="number"
          min={1}
          max={20}
          value={officers}
          onChange={(e) => setOfficers(Math.max(1, Number(e.target.value) || 1))}
        />
      </label>
      <label>
        <input type="checkbox" checked={liaison} onChange={(e) => setLiaison(e.target.checked)} />{' '}
        {t('roster.generate.liaison')}
      </label>
      <label>
        {t('roster.generate.holidayDepartments')}{' '}
        <input
          value={departments}
          onChange={(e) => setDepartments(e.target.value)}
          placeholder="公安局、卫健委"
        />
      </label>
      <button type="submit" disabled={pending} data-testid="roster-generate">
        {t('roster.generate.submit')}
      </button>
    </form>
  );
}
