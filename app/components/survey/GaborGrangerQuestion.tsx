/**
 * One Gabor–Granger ladder step: "If it cost <price>, how likely would you be to buy it?" on the
 * 5-point purchase-likelihood scale, "Definitely would buy" first. Plain radios in a fieldset:
 * works without JavaScript and on a 390 px phone (same classes as the other rating questions).
 */
import { type MessageKey, type Translate, translator } from "../../i18n/index.ts";
import type { SurveyPageView } from "../../survey/types.ts";
import { formatMoney } from "../../survey/types.ts";

type GgPage = Extract<SurveyPageView, { kind: "gaborGranger" }>;

export const GG_FIELD = "likelihood";

export const ggQuestion = (page: GgPage, t: Translate = translator("en"), language = "en") =>
  t("gg.question", { price: formatMoney(page.price, page.currency, language) });

export function GaborGrangerQuestion({
  page,
  value,
  error,
  autoFocus,
  t = translator("en"),
  language = "en",
}: {
  page: GgPage;
  value?: string;
  error?: string;
  autoFocus?: boolean;
  t?: Translate;
  /** for the price's number format */
  language?: string;
}) {
  // 5 = "Definitely would buy" … 1 = "Definitely would not buy" (the purchase-intent scale's labels)
  const options = [5, 4, 3, 2, 1].map((n) => ({ n, label: t(`concept.purchaseIntent.${n}` as MessageKey) }));
  return (
    <>
      <h1>{t("gg.title")}</h1>
      {page.step === 1 && page.productDescription ? <p>{page.productDescription}</p> : null}
      <fieldset
        id={`q-${GG_FIELD}`}
        className="survey-scale"
        data-gg-price={page.price}
        aria-describedby={error ? `err-${GG_FIELD}` : undefined}
        aria-invalid={error ? true : undefined}
      >
        <legend>{ggQuestion(page, t, language)}</legend>
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
