/**
 * One Gabor–Granger ladder step: "If it cost <price>, how likely would you be to buy it?" on the
 * 5-point purchase-likelihood scale, "Definitely would buy" first. Plain radios in a fieldset:
 * works without JavaScript and on a 390 px phone (same classes as the other rating questions).
 */
import type { SurveyPageView } from "../../survey/types.ts";
import { formatMoney, INTENT_ANCHORS } from "../../survey/types.ts";

type GgPage = Extract<SurveyPageView, { kind: "gaborGranger" }>;

export const GG_FIELD = "likelihood";

export const ggQuestion = (page: GgPage) =>
  `If the product cost ${formatMoney(page.price, page.currency)}, how likely would you be to buy it?`;

export function GaborGrangerQuestion({
  page,
  value,
  error,
  autoFocus,
}: {
  page: GgPage;
  value?: string;
  error?: string;
  autoFocus?: boolean;
}) {
  // 5 = "Definitely would buy" … 1 = "Definitely would not buy"
  const options = [5, 4, 3, 2, 1].map((n) => ({ n, label: INTENT_ANCHORS[n - 1] }));
  return (
    <>
      <h1>Would you buy it at this price?</h1>
      {page.step === 1 && page.productDescription ? <p>{page.productDescription}</p> : null}
      <fieldset
        id={`q-${GG_FIELD}`}
        className="survey-scale"
        data-gg-price={page.price}
        aria-describedby={error ? `err-${GG_FIELD}` : undefined}
        aria-invalid={error ? true : undefined}
      >
        <legend>{ggQuestion(page)}</legend>
        {error ? (
          <p id={`err-${GG_FIELD}`} className="field-error">
            {error}
          </p>
        ) : null}
        <div className="survey-scale-options">
          {options.map((o, i) => (
            <label key={o.n} className="survey-choice">
              <input
                type="radio"
                name={GG_FIELD}
                value={String(o.n)}
                defaultChecked={value === String(o.n)}
                required
                autoFocus={autoFocus && i === 0}
              />
              <span>{o.label}</span>
            </label>
          ))}
        </div>
      </fieldset>
    </>
  );
}
