import { useTranslation } from 'react-i18next';
import type { ApiOutput } from '../../../shared/api/contract';
import type { HeadquartersStateWire } from '../../../shared/api/headquarters-calls';
import type { HeadquartersCommand } from './commands';
import type { Countdown } from './selectors';
import { time, useRemaining } from './levels';

/** 成员: each member's phones, whether the notice reached them (or mark it phoned), and their check-in countdown. */
export function MemberTable({
  hq,
  record,
  checkInOf,
  run,
}: {
  hq: HeadquartersStateWire;
  record: ApiOutput<'hqRecord'> | null;
  checkInOf: ReadonlyMap<string | undefined, Countdown>;
  run: (command: HeadquartersCommand) => Promise<boolean>;
}) {
  const { t } = useTranslation();
  const remaining = useRemaining();
  const active = hq.status === 'active';
  return (
    <>
      <h5>{t('hq.members')}</h5>
      <table className="hq-table hq-members">
        <thead>
          <tr>
            <th>{t('hq.role')}</th>
            <th>{t('hq.name')}</th>
            <th>{t('hq.phones')}</th>
            <th>{t('hq.notified')}</th>
            <th>{t('hq.checkIn')}</th>
          </tr>
        </thead>
        <tbody>
          {hq.members.map((m) => {
            const c = checkInOf.get(m.personId);
            const overdue = !m.checkedInAt && c?.state === 'overdue';
            return (
              <tr
                key={m.personId}
                className={overdue ? 'hq-overdue' : m.checkedInAt ? 'hq-arrived' : ''}
                data-testid="hq-member"
                data-person={m.personId}
                data-overdue={overdue ? 'true' : 'false'}
              >
                <td>
                  {m.group ? `${t(`hq.groups.${m.group}`)} ` : ''}
                  {t(`hq.roles.${m.role}`)}
                </td>
                <td>{m.name}</td>
                <td>
                  {(record?.phones[m.personId] ?? []).map((p) => (
                    <a key={p} href={`tel:${p}`}>
                      {p}{' '}
                    </a>
                  ))}
                </td>
                <td data-testid="hq-notice">
                  {m.notifiedAt ? (
                    t('hq.notifiedBy', {
                      channel: t(`hq.channels.${m.notifiedBy ?? 'sms'}`),
                      at: time(m.notifiedAt),
                    })
                  ) : (
                    <>
                      {m.notificationFailures > 0
                        ? t('hq.failed', { count: m.notificationFailures })
                        : t('hq.notNotified')}
                      {active && (
                        <button
                          type="button"
                          onClick={() =>
                            void run({
                              type: 'headquarters.record_notification',
                              payload: {
                                headquartersId: hq.id,
                                personId: m.personId,
                                channel: 'phone',
                                outcome: 'sent',
                              },
                            })
                          }
                        >
                          {t('hq.markPhoned')}
                        </button>
                      )}
                    </>
                  )}
                </td>
                <td data-testid="hq-checkin">
                  {m.checkedInAt ? (
                    t('hq.checkedIn', { at: time(m.checkedInAt) })
                  ) : (
                    <>
                      {c && c.state !== 'waived' && (
                        <span className="hq-countdown">
                          {overdue ? t('hq.overdue') : remaining(c.remainingMs)}{' '}
                        </span>
                      )}
                      <button
                        type="button"
                        onClick={() =>
                          void run({
                            type: 'headquarters.check_in',
                            payload: { headquartersId: hq.id, personId: m.personId },
                          })
                        }
                        data-testid="hq-checkin-button"
                      >
                        {t('hq.checkInNow')}
                      </button>
                    </>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}
