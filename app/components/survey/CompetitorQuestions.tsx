/**
 * The survey's competitors pages (issue 20): which alternative the respondent uses and what
 * they pay, then 0–10 ratings (or "Don't know") of our product and their alternative on each
 * value driver. Plain radio buttons and a text field: works without JavaScript, 6 choices per
 * row on a 390 px phone. All text is React text.
 */
import { type CompetitorPageView, DONT_KNOW, NO_ALTERNATIVE, ratingField } from "../../survey/competitorTypes.ts";

function ErrorText({ id, error }: { id: string; error?: string }) {
  return error ? (
    <p id={id} className="field-error">
      {error}
    </p>
  ) : null;
}

const POINTS = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"];

/** One 0–10 rating with "Don't know": a fieldset whose legend names the product. */
function Rating({
  name,
  legend,
  value,
  error,
  autoFocus,
}: {
  name: string;
  legend: string;
  value?: string;
  error?: string;
  autoFocus?: boolean;
}) {
  return (
    <fieldset
      id={`q-${name}`}
      className="survey-scale"
      aria-describedby={error ? `err-${name}` : undefined}
      aria-invalid={error ? true : undefined}
    >
      <legend>{legend}</legend>
      <ErrorText id={`err-${name}`} error={error} />
      <p className="survey-rate-ends muted" aria-hidden="true">
        <span>0 = very poor</span>
        <span>10 = excellent</span>
      </p>
      <div className="survey-rate-options">
        {[...POINTS, DONT_KNOW].map((v, i) => (
          <label key={v} className="survey-choice">
            <input
              type="radio"
              name={name}
              value={v}
              defaultChecked={value === v}
              required
              autoFocus={autoFocus && i === 0}
              aria-label={v === DONT_KNOW ? "Don't know" : `${v} of 10`}
            />
            <span>{v === DONT_KNOW ? "Don't know" : v}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

export function CompetitorQuestions({
  page,
  errors,
  values,
  focus,
}: {
  page: CompetitorPageView;
  errors: Record<string, string>;
  values: Record<string, string>;
  focus?: string;
}) {
  if (page.kind === "alternative") {
    return (
      <>
        <fieldset
          id="q-alternative"
          aria-describedby={errors.alternative ? "err-alternative" : undefined}
          aria-invalid={errors.alternative ? true : undefined}
        >
          <legend>
            <h1 className="survey-question">
              For what {page.ourName} does, what do you use today, or which of these have you considered?
            </h1>
          </legend>
          <ErrorText id="err-alternative" error={errors.alternative} />
          {[...page.options, { id: NO_ALTERNATIVE, name: "None of these" }].map((o, i) => (
            <label key={o.id} className="survey-choice">
              <input
                type="radio"
                name="alternative"
                value={o.id}
                defaultChecked={values.alternative === o.id}
                required
                autoFocus={focus === "alternative" && i === 0}
              />
              <span>{o.name}</span>
            </label>
          ))}
        </fieldset>
        <div className="survey-price" id="q-pricePaid">
          <label htmlFor="competitor-pricePaid">
            What do you pay for it per month? <span className="muted">(optional; leave empty if you don't know)</span>
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
  return (
    <>
      <h1>How well does each do?</h1>
      <p>
        Rate {page.ourName}
        {page.productDescription ? " as described earlier" : ""}
        {page.alternative ? ` and ${page.alternative.name}` : ""} on each point, from 0 (very poor) to 10 (excellent).
        Choose “Don't know” if you can't say.
      </p>
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
            />
            {page.alternative ? (
              <Rating
                name={alt}
                legend={page.alternative.name}
                value={values[alt]}
                error={errors[alt]}
                autoFocus={focus === alt}
              />
            ) : null}
          </section>
        );
      })}
    </>
  );
}
