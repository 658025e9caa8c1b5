// Duty roster benchmark: a large district duty room (12 leaders, 40 officers, 8 liaisons, 6 delegates
// from each of two departments) on a 12-hour day/night pattern with 3 officers and a liaison a shift
// and a flood-season key period all month. Measures generating the month, the live checks the roster
// screen re-runs after every hand edit, and "who is on duty" as the alarm ladder asks it.
import { checkRoster } from '../../shared/roster/checks';
import { floodSeasonKeyPeriod } from '../../shared/roster/calendar';
import { lateCheckIns, whoIsOnDuty } from '../../shared/roster/duty';
import { assignPosition, generateMonth } from '../../shared/roster/generate';
import { RosterSettings, StaffMember } from '../../shared/roster/schemas';
import { HOUR } from '../../shared/time';
import { goal, percentile, type Bench, timeSamples } from './harness';

export const benches: Bench[] = [
  {
    name: 'roster',
    run: async () => {
      const staff = [
        ...Array.from({ length: 12 }, (_, i) => StaffMember.parse({ id: `L${i}`, name: `领导${i}`, dutyRoles: ['leader'] })),
        ...Array.from({ length: 40 }, (_, i) => StaffMember.parse({ id: `O${i}`, name: `值班员${i}` })),
        ...Array.from({ length: 8 }, (_, i) => StaffMember.parse({ id: `C${i}`, name: `联络员${i}`, dutyRoles: ['liaison'] })),
        ...['水利局', '气象局'].flatMap((unit, k) =>
          Array.from({ length: 6 }, (_, i) => StaffMember.parse({ id: `D${k}${i}`, name: `${unit}${i}`, unit, dutyRoles: ['liaison'] })),
        ),
      ];
      const settings = RosterSettings.parse({ minRestHours: 24 });
      const input = {
        jurisdiction: '410102',
        year: 2026,
        month: 7,
        pattern: { kind: 'dayNight12', dayStartsAt: '08:30' } as const,
        positions: { officers: 3, liaison: true },
        staff,
        settings,
        keyPeriods: [floodSeasonKeyPeriod(2026, '06-01', '09-30', ['水利局', '气象局'])],
      };
      const first = generateMonth(input);
      if (!first.ok) throw new Error('generation failed');
      const roster = first.value;
      const seats = roster.shifts.reduce((n, s) => n + s.positions.length, 0);
      const before = Date.parse(roster.coversFrom) - 72 * HOUR;
      const findings = checkRoster(roster, staff, settings, before);

      for (let i = 0; i < 5; i += 1) generateMonth(input);
      const generate = timeSamples(20, () => generateMonth(input));
      // A hand edit and the checks that follow it, as the roster screen does on each change.
      const edit = timeSamples(200, (i) => {
        const s = roster.shifts[i % roster.shifts.length];
        const edited = assignPosition(roster, s.id, 1, `O${(i * 7) % 40}`, staff);
        if (edited.ok) checkRoster(edited.value, staff, settings, before);
      });
      const span = Date.parse(roster.coversUntil) - Date.parse(roster.coversFrom);
      const onDuty = timeSamples(5000, (i) => whoIsOnDuty(roster, Date.parse(roster.coversFrom) + ((i * 7_919_993) % span)));
      const late = timeSamples(2000, (i) => lateCheckIns(roster, Date.parse(roster.coversFrom) + ((i * 7_919_993) % span), 15));

      const figures = {
        staff: { value: staff.length, unit: 'people' },
        shifts: { value: roster.shifts.length, unit: 'shifts' },
        seats: { value: seats, unit: 'seats' },
        findings_on_generated_month: { value: findings.length, unit: 'findings' },
        generate_month_p50: { value: percentile(generate, 50), unit: 'ms' },
        generate_month_p99: { value: percentile(generate, 99), unit: 'ms' },
        edit_and_check_p50: { value: percentile(edit, 50), unit: 'ms' },
        edit_and_check_p99: { value: percentile(edit, 99), unit: 'ms' },
        who_is_on_duty_p50: { value: percentile(onDuty, 50), unit: 'ms' },
        who_is_on_duty_p99: { value: percentile(onDuty, 99), unit: 'ms' },
        late_check_ins_p99: { value: percentile(late, 99), unit: 'ms' },
      };
      return {
        name: 'roster',
        description:
          '72 staff, 12 h day/night, leader + 3 officers + liaison + 2 joint-duty delegates a shift, July with flood season: generate the month; one hand edit then checkRoster; whoIsOnDuty and lateCheckIns at random instants',
        figures,
        // The roster screen re-checks on every keystroke-level edit; 50 ms keeps it without visible lag.
        goals: [
          goal(figures, 'edit_and_check_p99', '<=', 50),
          goal(figures, 'who_is_on_duty_p99', '<=', 1),
          goal(figures, 'findings_on_generated_month', '<=', 0),
        ],
      };
    },
  },
];
