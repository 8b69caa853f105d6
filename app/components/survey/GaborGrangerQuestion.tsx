/**
 * One Gabor–Granger ladder step: "If it cost <price>, how likely would you be to buy it?" on the
 * 5-point purchase-likelihood scale, "Definitely would buy" first. Plain radios in a fieldset:
 * works without JavaScript and on a 390 px phone (same classes as the other rating questions).
 */
import { type MessageKey, type Translate, translator } from "../../i18n/index.ts";
import type { SurveyPageView } from "../../survey/types.ts";
import { formatMoney } from "../../survey/types.ts";
import { RadioQuestion } from "./RadioQuestion.tsx";

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
  const choices = [5, 4, 3, 2, 1].map((n) => ({
    value: String(n),
    label: t(`concept.purchaseIntent.${n}` as MessageKey),
  }));
  return (
    <>
      <h1>{t("gg.title")}</h1>
      {page.step === 1 && page.productDescription ? <p>{page.productDescription}</p> : null}
      <RadioQuestion
        name={GG_FIELD}
        legend={ggQuestion(page, t, language)}
        className="survey-scale"
        data={{ "data-gg-price": page.price }}
        choicesClassName="survey-scale-options"
        choices={choices}
        value={value}
        error={error}
        autoFocus={autoFocus}
      />
    </>
  );
}
