/**
 * The attention check page (an instructed-response item, Oppenheimer et al. 2009): the
 * researcher's instruction question and answers as radio buttons, one shown per line (no
 * JavaScript needed, full-width choices on a phone), with the error next to it when unanswered.
 * The correct answer never reaches the browser. Each answer posts its default-language text,
 * whatever the language shown, so the check is scored the same in every language.
 */
import type { SurveyPageView } from "../../survey/types.ts";

type AttentionPage = Extract<SurveyPageView, { kind: "attention" }>;

/** The field name the page posts. */
export const ATTENTION_FIELD = "attention";

export function AttentionCheck({
  page,
  errors,
  values,
  focus,
}: {
  page: AttentionPage;
  errors: Record<string, string>;
  values: Record<string, string>;
  focus?: string;
}) {
  const error = errors[ATTENTION_FIELD];
  return (
    <fieldset
      id={`q-${ATTENTION_FIELD}`}
      aria-describedby={error ? `err-${ATTENTION_FIELD}` : undefined}
      aria-invalid={error ? true : undefined}
    >
      <legend>
        <h1 className="survey-question">{page.question}</h1>
      </legend>
      {error ? (
        <p id={`err-${ATTENTION_FIELD}`} className="field-error">
          {error}
        </p>
      ) : null}
      {page.options.map((o, i) => (
        <label key={o.value} className="survey-choice">
          <input
            type="radio"
            name={ATTENTION_FIELD}
            value={o.value}
            defaultChecked={values[ATTENTION_FIELD] === o.value}
            required
            autoFocus={focus === ATTENTION_FIELD && i === 0}
          />
          <span>{o.label}</span>
        </label>
      ))}
    </fieldset>
  );
}
