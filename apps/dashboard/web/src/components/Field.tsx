import type { ComponentChildren } from 'preact';

/** A labelled form control: the label names the control by `for`, so a select's options stay out of its name. */
export function Field({ id, label, children }: { id: string; label: string; children: ComponentChildren }) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {children}
    </div>
  );
}
