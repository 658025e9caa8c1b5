import { useEffect, useRef, useState, type ReactNode, type SubmitEvent } from 'react';

/**
 * The modal scaffold of the sign-in dialogs (授权签发, 手机审批, 人员口令, 签发, 电话审批, 交接签名): a dialog
 * named by its title, the title as its heading, Esc and the last button close it. The focus goes in as it
 * opens (to a field marked autoFocus, else the dialog itself, so Esc works at once) and back to what opened
 * it as it closes. With `onSubmit` the dialog is the form; `actions` (the submit button) sit beside the close
 * button.
 */
export function HeaderDialog({
  title,
  onClose,
  closeLabel,
  onSubmit,
  actions,
  children,
}: {
  title: string;
  onClose: () => void;
  /** 关闭 for a dialog that stays open while one works in it, 取消 for one that a submit ends. */
  closeLabel: string;
  onSubmit?: (e: SubmitEvent<HTMLFormElement>) => void;
  actions?: ReactNode;
  children: ReactNode;
}) {
  const box = useRef<HTMLFormElement & HTMLDivElement>(null);
  // Taken while rendering, before a field of the dialog takes the focus.
  const [opener] = useState(() =>
    document.activeElement instanceof HTMLElement ? document.activeElement : null,
  );
  useEffect(() => {
    const dialog = box.current;
    if (dialog && !dialog.contains(document.activeElement)) dialog.focus();
    return () => {
      if (opener?.isConnected) opener.focus();
    };
  }, [opener]);
  const body = (
    <>
      <h2>{title}</h2>
      {children}
      <div className="modal-actions">
        {actions}
        <button type="button" onClick={onClose}>
          {closeLabel}
        </button>
      </div>
    </>
  );
  const props = {
    ref: box,
    className: 'modal',
    role: 'dialog',
    'aria-modal': true,
    'aria-label': title,
    tabIndex: -1,
    onKeyDown: (e: { key: string }) => {
      if (e.key === 'Escape') onClose();
    },
  } as const;
  return (
    <div className="modal-backdrop" role="presentation">
      {onSubmit ? (
        <form {...props} onSubmit={onSubmit}>
          {body}
        </form>
      ) : (
        <div {...props}>{body}</div>
      )}
    </div>
  );
}
