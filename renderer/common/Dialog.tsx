/**
 * A modal dialog on the native `<dialog>` element (`showModal()`): the browser traps focus, Esc
 * cancels, the page behind is inert. Labelled by its title; the first field gets focus.
 */
import { useEffect, useId, useRef, type ReactNode } from 'react';

interface Props {
  title: string;
  /** Short text under the title (also the dialog's description). */
  intro?: string;
  onClose: () => void;
  children: ReactNode;
  testId?: string;
}

export function Dialog({ title, intro, onClose, children, testId }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const introId = useId();
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;
  useEffect(() => {
    const el = ref.current;
    if (!el) return undefined;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!el.open) el.showModal();
    el.querySelector<HTMLElement>('input, select, textarea, button:not([data-dialog-close])')?.focus();
    const cancel = (e: Event) => {
      e.preventDefault();
      onCloseRef.current();
    };
    el.addEventListener('cancel', cancel);
    return () => {
      el.removeEventListener('cancel', cancel);
      if (el.open) el.close();
      opener?.focus();
    };
  }, []);
  return (
    <dialog ref={ref} className="dialog" aria-labelledby={titleId} aria-describedby={intro ? introId : undefined} data-testid={testId}>
      <h3 id={titleId}>{title}</h3>
      {intro && (
        <p id={introId} className="muted">
          {intro}
        </p>
      )}
      {children}
    </dialog>
  );
}
