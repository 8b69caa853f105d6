/**
 * The survey's one radio question: a fieldset (id `q-<name>`) whose legend is the question, the
 * error right below the legend (id `err-<name>`, named by aria-describedby, the fieldset marked
 * aria-invalid), then one required radio per choice, each in its own full-width label. Plain
 * HTML: the choice posts as `<name>=<value>` without JavaScript. Every radio question of the
 * survey (screener, concept and NMS scales, MaxDiff, attention check, Gabor–Granger, competitors)
 * is drawn by it, so they look, post and report errors alike.
 */
import type { ReactNode } from "react";

export function ErrorText({ id, error }: { id: string; error?: string }) {
  return error ? (
    <p id={id} className="field-error">
      {error}
    </p>
  ) : null;
}

export interface RadioChoice {
  value: string;
  /** what the respondent reads next to the radio */
  label: ReactNode;
  /** the radio's accessible name when the label alone is too short (e.g. "7 out of 10") */
  ariaLabel?: string;
}

export function RadioQuestion({
  name,
  legend,
  choices,
  value,
  error,
  autoFocus,
  className,
  data,
  between,
  choicesClassName,
}: {
  /** the form field; also gives the fieldset's id `q-<name>` and the error's id `err-<name>` */
  name: string;
  legend: ReactNode;
  choices: readonly RadioChoice[];
  /** the value ticked when the page is shown (the respondent's last answer) */
  value?: string;
  error?: string;
  /** focus the first choice on load (the first unanswered question after a failed check) */
  autoFocus?: boolean;
  /** the fieldset's class (e.g. "survey-scale") */
  className?: string;
  /** data-* attributes of the fieldset */
  data?: Record<`data-${string}`, string | number>;
  /** shown between the error and the choices (e.g. a scale's end labels) */
  between?: ReactNode;
  /** wrap the choices in a div of this class (a scale's row of points) */
  choicesClassName?: string;
}) {
  const radios = choices.map((c, i) => (
    <label key={c.value} className="survey-choice">
      <input
        type="radio"
        name={name}
        value={c.value}
        defaultChecked={value === c.value}
        required
        autoFocus={autoFocus && i === 0}
        aria-label={c.ariaLabel}
      />
      <span>{c.label}</span>
    </label>
  ));
  return (
    <fieldset
      id={`q-${name}`}
      className={className}
      {...data}
      aria-describedby={error ? `err-${name}` : undefined}
      aria-invalid={error ? true : undefined}
    >
      <legend>{legend}</legend>
      <ErrorText id={`err-${name}`} error={error} />
      {between}
      {choicesClassName ? <div className={choicesClassName}>{radios}</div> : radios}
    </fieldset>
  );
}
