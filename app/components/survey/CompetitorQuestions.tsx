/**
 * The survey's competitors pages (issue 20): which alternative the respondent uses and what
 * they pay, then 0–10 ratings (or "Don't know") of our product and their alternative on each
 * value driver. Plain radio buttons and a text field: works without JavaScript, 6 choices per
 * row on a 390 px phone. All text is React text.
 */
import { type Translate, translator } from "../../i18n/index.ts";
import { type CompetitorPageView, DONT_KNOW, NO_ALTERNATIVE, ratingField } from "../../survey/competitorTypes.ts";
import { ErrorText, RadioQuestion } from "./RadioQuestion.tsx";

const POINTS = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"];

/** One 0–10 rating with "Don't know": a fieldset whose legend names the product. */
function Rating({
  name,
  legend,
  value,
  error,
  autoFocus,
  t,
}: {
  name: string;
  legend: string;
  value?: string;
  error?: string;
  autoFocus?: boolean;
  t: Translate;
}) {
  return (
    <RadioQuestion
      name={name}
      legend={legend}
      className="survey-scale"
      between={
        <p className="survey-rate-ends muted" aria-hidden="true">
          <span>{t("competitors.veryPoor")}</span>
          <span>{t("competitors.excellent")}</span>
        </p>
      }
      choicesClassName="survey-rate-options"
      choices={[
        ...POINTS.map((v) => ({ value: v, label: v, ariaLabel: t("competitors.ofTen", { n: v }) })),
        { value: DONT_KNOW, label: t("competitors.dontKnow"), ariaLabel: t("competitors.dontKnow") },
      ]}
      value={value}
      error={error}
      autoFocus={autoFocus}
    />
  );
}

export function CompetitorQuestions({
  page,
  errors,
  values,
  focus,
  t = translator("en"),
}: {
  page: CompetitorPageView;
  errors: Record<string, string>;
  values: Record<string, string>;
  focus?: string;
  t?: Translate;
}) {
  if (page.kind === "alternative") {
    return (
      <>
        <RadioQuestion
          name="alternative"
          legend={
            <h1 className="survey-question">{t("competitors.alternativeQuestion", { product: page.ourName })}</h1>
          }
          choices={[...page.options, { id: NO_ALTERNATIVE, name: t("competitors.none") }].map((o) => ({
            value: o.id,
            label: o.name,
          }))}
          value={values.alternative}
          error={errors.alternative}
          autoFocus={focus === "alternative"}
        />
        <div className="survey-price" id="q-pricePaid">
          <label htmlFor="competitor-pricePaid">
            {t("competitors.pricePaid")} <span className="muted">{t("competitors.pricePaidHint")}</span>
          </label>
          <div className="survey-money">
            <span aria-hidden="true">{page.currency}</span>
            <input
              id="competitor-pricePaid"
              name="pricePaid"
              type="text"
              inputMode="decimal"
              autoComplete="off"
              defaultValue={values.pricePaid ?? ""}
              aria-invalid={errors.pricePaid ? true : undefined}
              aria-describedby={errors.pricePaid ? "err-pricePaid" : undefined}
              autoFocus={focus === "pricePaid"}
            />
          </div>
          <ErrorText id="err-pricePaid" error={errors.pricePaid} />
        </div>
      </>
    );
  }
  const us = page.productDescription ? t("competitors.asDescribed", { product: page.ourName }) : page.ourName;
  const products = page.alternative ? t("competitors.and", { a: us, b: page.alternative.name }) : us;
  return (
    <>
      <h1>{t("competitors.title")}</h1>
      <p>{t("competitors.rate", { products })}</p>
      {page.productDescription ? <p className="muted">{page.productDescription}</p> : null}
      {page.drivers.map((d) => {
        const ours = ratingField("ours", d.id);
        const alt = ratingField("alt", d.id);
        return (
          <section key={d.id} className="survey-driver" aria-label={d.label}>
            <h2>{d.label}</h2>
            {d.description ? <p className="muted survey-small">{d.description}</p> : null}
            <Rating
              name={ours}
              legend={page.ourName}
              value={values[ours]}
              error={errors[ours]}
              autoFocus={focus === ours}
              t={t}
            />
            {page.alternative ? (
              <Rating
                name={alt}
                legend={page.alternative.name}
                value={values[alt]}
                error={errors[alt]}
                autoFocus={focus === alt}
                t={t}
              />
            ) : null}
          </section>
        );
      })}
    </>
  );
}
