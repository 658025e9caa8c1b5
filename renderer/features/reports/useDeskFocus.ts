import { useEffect, useRef, useState } from 'react';

/**
 * The report desk's focus: back where it came from (the 报告 button, the palette's pane) when the desk
 * closes; into the editor's first field as it opens, and back to the desk's first button as it closes.
 */
export function useDeskFocus(isEditing: boolean) {
  const dialog = useRef<HTMLDivElement>(null);
  const editor = useRef<HTMLFormElement>(null);
  // The focus goes back where it came from (the 报告 button, the palette's pane) when the desk closes.
  // Taken while rendering, before the desk's own first button takes the focus.
  const [opener] = useState(() =>
    document.activeElement instanceof HTMLElement ? document.activeElement : null,
  );
  useEffect(() => {
    return () => {
      if (opener?.isConnected) opener.focus();
      else document.getElementById('pane-clocks')?.focus();
    };
  }, [opener]);
  // Into the editor's first field as it opens; back to the desk's first button as it closes (not on keystrokes).
  useEffect(() => {
    if (isEditing) editor.current?.querySelector<HTMLElement>('input, textarea')?.focus();
    else dialog.current?.querySelector<HTMLElement>('.report-desk-actions button')?.focus();
  }, [isEditing]);
  return { dialog, editor };
}
