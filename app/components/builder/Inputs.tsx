import type { ReactNode } from "react";
import { Form } from "@remix-run/react";

// The builder's labelled controls are the app's ui/Field ones (with idPrefix for pages with many forms).
export { Field as Input, FieldError, SelectField, TextAreaField as TextArea } from "../ui/Field.tsx";

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
  const list = (name: string, fallback: string[]) =>
    mine && Array.isArray(values[name])
      ? (values[name] as string[])
      : mine && typeof values[name] === "string"
        ? [values[name] as string]
        : mine && feedback!.values
          ? []
          : fallback;
  return { errors, value, list, mine };
}

export function CheckboxGroup({
  legend,
  name,
  options,
  checked,
  error,
  hint,
}: {
  legend: string;
  name: string;
  options: Array<{ value: string; label: ReactNode }>;
  checked: string[];
  error?: string;
  hint?: string;
}) {
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

/** The small inline form that removes one row (segment, item, concept) through the page's action. */
export function RemoveRowButton({ intent, id, children }: { intent: string; id: string; children: ReactNode }) {
  return (
    <Form method="post" className="inline">
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="id" value={id} />
      <button type="submit" className="link-button">
        {children}
      </button>
    </Form>
  );
}
