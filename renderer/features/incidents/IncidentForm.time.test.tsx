// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithStation } from '../../test/support';
import { IncidentForm } from './IncidentForm';

afterEach(cleanup);

describe('接报登记: times on the 24-hour clock whatever the browser language', () => {
  it('shows 年-月-日 and 时:分 as plain fields (no AM/PM), and a mistyped time is named in the interface language', async () => {
    const user = userEvent.setup();
    renderWithStation(<IncidentForm onClose={() => {}} onSaved={() => {}} />, { language: 'en' });
    const time = screen.getByRole('textbox', { name: 'Occurred at · time (hour:minute, 24-hour)' });
    expect((time as HTMLInputElement).value).toMatch(/^([01]\d|2[0-3]):[0-5]\d$/);
    expect(screen.getByRole('textbox', { name: 'Occurred at · date (year-month-day)' })).toHaveProperty(
      'value',
      expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    );
    expect(
      document.querySelector('input[type=datetime-local], input[type=date], input[type=time]'),
    ).toBeNull();
    await user.type(screen.getByRole('textbox', { name: 'Title' }), 'fire');
    await user.clear(time);
    await user.type(time, '3:05 PM');
    await user.keyboard('{Control>}{Enter}{/Control}');
    expect((await screen.findByTestId('error-occurredAt')).textContent).toContain('24-hour clock');
  });
});
