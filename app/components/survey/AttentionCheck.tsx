/**
 * The attention check page (an instructed-response item, Oppenheimer et al. 2009): the
 * researcher's instruction question and answers as radio buttons, one shown per line (no
 * JavaScript needed, full-width choices on a phone), with the error next to it when unanswered.
 * The correct answer never reaches the browser. Each answer posts its default-language text,
 * whatever the language shown, so the check is scored the same in every language.
 */
import type { SurveyPageView } from "../../survey/types.ts";
import { RadioQuestion } from "./RadioQuestion.tsx";

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
  return (
    <RadioQuestion
      name={ATTENTION_FIELD}
      legend={<h1 className="survey-question">{page.question}</h1>}
      choices={page.options}
      value={values[ATTENTION_FIELD]}
      error={errors[ATTENTION_FIELD]}
      autoFocus={focus === ATTENTION_FIELD}
    />
  );
}
