import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";

/** Ids for a control and its hint/lock/error; `idPrefix` keeps ids unique when one page has several forms. */
function controlIds(name: string, idPrefix: string, hint?: string, error?: string, locked?: string | null) {
  const id = `f-${idPrefix}${name}`.replace(/[^A-Za-z0-9_-]/g, "-");
  const describedBy =
    [hint ? `${id}-hint` : null, locked ? `${id}-lock` : null, error ? `${id}-error` : null]
      .filter(Boolean)
      .join(" ") || undefined;
  return { id, describedBy };
}

/** Why a control cannot change, printed next to it (and linked with aria-describedby). */
export function LockNote({ id, children }: { id?: string; children: ReactNode }) {
  return (
    <p id={id} className="lock-note">
      {children}
    </p>
  );
}

/** Label, optional hint, the control, and its error announced and linked (aria-describedby). */
function Labelled({
  id,
  label,
  hint,
  error,
  locked,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  locked?: string | null;
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
      {locked ? <LockNote id={`${id}-lock`}>{locked}</LockNote> : null}
      <FieldError id={id} error={error} />
    </div>
  );
}

/**
 * `locked`: why this value can no longer change (e.g. "Locked after launch: …"); the control
 * becomes read-only (a select: disabled, with a hidden input keeping its value) and says why.
 */
type Common = { label: string; name: string; error?: string; hint?: string; idPrefix?: string; locked?: string | null };

export function Field({
  label,
  name,
  error,
  hint,
  idPrefix = "",
  locked,
  ...input
}: Common & InputHTMLAttributes<HTMLInputElement>) {
  const { id, describedBy } = controlIds(name, idPrefix, hint, error, locked);
  return (
    <Labelled id={id} label={label} hint={hint} error={error} locked={locked}>
      <input
        id={id}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        {...input}
        readOnly={locked ? true : input.readOnly}
      />
    </Labelled>
  );
}

export function TextAreaField({
  label,
  name,
  error,
  hint,
  idPrefix = "",
  locked,
  ...rest
}: Common & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const { id, describedBy } = controlIds(name, idPrefix, hint, error, locked);
  return (
    <Labelled id={id} label={label} hint={hint} error={error} locked={locked}>
      <textarea
        id={id}
        name={name}
        rows={3}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        {...rest}
        readOnly={locked ? true : rest.readOnly}
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
  locked,
  ...rest
}: Common & { options: Array<{ value: string; label: string }> } & SelectHTMLAttributes<HTMLSelectElement>) {
  const { id, describedBy } = controlIds(name, idPrefix, hint, error, locked);
  return (
    <Labelled id={id} label={label} hint={hint} error={error} locked={locked}>
      {locked && rest.defaultValue !== undefined ? (
        <input type="hidden" name={name} value={String(rest.defaultValue)} />
      ) : null}
      <select
        id={id}
        name={locked ? undefined : name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        {...rest}
        disabled={locked ? true : rest.disabled}
      >
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
