// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithStation } from '../../test/support';
import { IncidentForm } from './IncidentForm';
import { resolveArea } from './areas';

afterEach(cleanup);

describe('接报登记: the area typed by name or code', () => {
  it('offers matching townships and villages as the officer types, and ↓ Enter takes one', async () => {
    const user = userEvent.setup();
    renderWithStation(<IncidentForm onClose={() => {}} onSaved={() => {}} />);
    const area = screen.getByRole('combobox', { name: '行政区划（名称或代码）' });
    await user.clear(area);
    await user.type(area, '红岩');
    const options = within(screen.getByRole('listbox', { name: /匹配的乡镇/ })).getAllByRole('option');
    expect(options.map((o) => o.textContent)).toContain('南桐镇 红岩村 500110101002');
    await user.keyboard('{ArrowDown}{ArrowUp}{Enter}');
    expect((area as HTMLInputElement).value).toBe('500110101002');
    expect(screen.getByTestId('area-name').textContent).toContain('南桐镇 红岩村');
    // The form is still open: Enter took the suggestion, it did not submit.
    expect(screen.getByRole('form', { name: '接报登记' })).toBeTruthy();
  });

  it('a name that fits no area is refused in Chinese, saying what to do', async () => {
    const user = userEvent.setup();
    renderWithStation(<IncidentForm onClose={() => {}} onSaved={() => {}} />);
    await user.type(screen.getByRole('textbox', { name: '事件名称' }), '某地火灾');
    const area = screen.getByRole('combobox', { name: '行政区划（名称或代码）' });
    await user.clear(area);
    await user.type(area, '火星村');
    await user.keyboard('{Control>}{Enter}{/Control}');
    const error = await screen.findByTestId('error-areaCode');
    expect(error.textContent).toContain('未找到该区划');
    expect(error.textContent).not.toMatch(/[a-z]{4,}/);
  });

  it('resolves a township or village name to its code, and leaves an ambiguous or unknown one unresolved', () => {
    expect(resolveArea('南桐镇')).toBe('500110101');
    expect(resolveArea('南桐镇 红岩村')).toBe('500110101002');
    expect(resolveArea('红岩村')).toBe('500110101002');
    expect(resolveArea('500110')).toBe('500110');
    expect(resolveArea('火星村')).toBeNull();
    expect(resolveArea('')).toBeNull();
  });
});
