import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";

/** Ids for a control and its hint/error; `idPrefix` keeps ids unique when one page has several forms. */
function controlIds(name: string, idPrefix: string, hint?: string, error?: string) {
  const id = `f-${idPrefix}${name}`.replace(/[^A-Za-z0-9_-]/g, "-");
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return { id, describedBy };
}

/** Label, optional hint, the control, and its error announced and linked (aria-describedby). */
function Labelled({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  children: ReactNode;
}) {
  return (
    <div>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <div id={`${id}-hint`} className="muted">
          {hint}
        </div>
      ) : null}
      {children}
      <FieldError id={id} error={error} />
    </div>
  );
}

type Common = { label: string; name: string; error?: string; hint?: string; idPrefix?: string };

export function Field({
  label,
  name,
  error,
  hint,
  idPrefix = "",
  ...input
}: Common & InputHTMLAttributes<HTMLInputElement>) {
  const { id, describedBy } = controlIds(name, idPrefix, hint, error);
  return (
    <Labelled id={id} label={label} hint={hint} error={error}>
      <input id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...input} />
    </Labelled>
  );
}

export function TextAreaField({
  label,
  name,
  error,
  hint,
  idPrefix = "",
  ...rest
}: Common & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const { id, describedBy } = controlIds(name, idPrefix, hint, error);
  return (
    <Labelled id={id} label={label} hint={hint} error={error}>
      <textarea
        id={id}
        name={name}
        rows={3}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        {...rest}
      />
    </Labelled>
  );
}

export function SelectField({
  label,
  name,
  error,
  hint,
  idPrefix = "",
  options,
  ...rest
}: Common & { options: Array<{ value: string; label: string }> } & SelectHTMLAttributes<HTMLSelectElement>) {
  const { id, describedBy } = controlIds(name, idPrefix, hint, error);
  return (
    <Labelled id={id} label={label} hint={hint} error={error}>
      <select id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...rest}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Labelled>
  );
}

export function FieldError({ id, error }: { id: string; error?: string }) {
  return error ? (
    <p id={`${id}-error`} className="field-error">
      {error}
    </p>
  ) : null;
}

export function FormError({ error }: { error?: string }) {
  return error ? (
    <p role="alert" className="form-error">
      {error}
    </p>
  ) : null;
}
