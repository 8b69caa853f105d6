import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";

/** Errors of one form returned by an action: `{ intent, id, errors, values }`. */
export interface FormFeedback {
  intent?: string;
  id?: string | null;
  errors?: Record<string, string>;
  values?: Record<string, string | string[]>;
}

/** The errors and submitted values for the form (intent, id), so a failed save re-renders what was typed. */
export function feedbackFor(raw: unknown, intent: string, id: string | null = null) {
  const feedback = (raw ?? undefined) as FormFeedback | undefined;
  const mine = !!feedback && feedback.intent === intent && (feedback.id ?? null) === id;
  const errors = mine ? (feedback!.errors ?? {}) : {};
  const values = mine ? (feedback!.values ?? {}) : {};
  const value = (name: string, fallback: string | number | null | undefined) => {
    const v = values[name];
    if (typeof v === "string") return v;
    return fallback === null || fallback === undefined ? "" : String(fallback);
  };
  const list = (name: string, fallback: string[]) => (mine && Array.isArray(values[name]) ? (values[name] as string[]) : mine && typeof values[name] === "string" ? [values[name] as string] : mine && feedback!.values ? [] : fallback);
  return { errors, value, list, mine };
}

export function FieldError({ id, error }: { id: string; error?: string }) {
  return error ? (
    <p id={`${id}-error`} className="field-error">
      {error}
    </p>
  ) : null;
}

export function TextArea({ label, name, error, hint, idPrefix = "", ...rest }: { label: string; name: string; error?: string; hint?: string; idPrefix?: string } & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const id = `f-${idPrefix}${name}`.replace(/[^A-Za-z0-9_-]/g, "-");
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <div id={`${id}-hint`} className="muted">
          {hint}
        </div>
      ) : null}
      <textarea id={id} name={name} rows={3} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...rest} />
      <FieldError id={id} error={error} />
    </div>
  );
}

export function SelectField({ label, name, error, options, idPrefix = "", ...rest }: { label: string; name: string; error?: string; idPrefix?: string; options: Array<{ value: string; label: string }> } & SelectHTMLAttributes<HTMLSelectElement>) {
  const id = `f-${idPrefix}${name}`.replace(/[^A-Za-z0-9_-]/g, "-");
  return (
    <div>
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} {...rest}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldError id={id} error={error} />
    </div>
  );
}

export function CheckboxGroup({ legend, name, options, checked, error, hint }: { legend: string; name: string; options: Array<{ value: string; label: ReactNode }>; checked: string[]; error?: string; hint?: string }) {
  return (
    <fieldset aria-invalid={error ? true : undefined}>
      <legend>{legend}</legend>
      {hint ? <p className="muted">{hint}</p> : null}
      {options.length === 0 ? <p className="muted">None defined yet.</p> : null}
      {options.map((o) => (
        <label key={o.value} className="inline-choice">
          <input type="checkbox" name={name} value={o.value} defaultChecked={checked.includes(o.value)} /> {o.label}
        </label>
      ))}
      {error ? <p className="field-error">{error}</p> : null}
    </fieldset>
  );
}

export function Notice({ children }: { children: ReactNode }) {
  return (
    <p className="notice" role="status">
      {children}
    </p>
  );
}

export function LockedNote({ reason }: { reason: string | null }) {
  return reason ? (
    <p className="warning" role="note">
      🔒 {reason}
    </p>
  ) : null;
}

/** A labelled input like ui/Field, with an id prefix so several forms on a page keep unique ids. */
export function Input({ label, name, error, hint, idPrefix = "", ...input }: { label: string; name: string; error?: string; hint?: string; idPrefix?: string } & InputHTMLAttributes<HTMLInputElement>) {
  const id = `f-${idPrefix}${name}`.replace(/[^A-Za-z0-9_-]/g, "-");
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <div id={`${id}-hint`} className="muted">
          {hint}
        </div>
      ) : null}
      <input id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...input} />
      <FieldError id={id} error={error} />
    </div>
  );
}
