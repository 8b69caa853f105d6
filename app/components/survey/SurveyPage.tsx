/**
 * One survey page from plain props (app/survey/types.ts). Used by the respondent's survey
 * (/s/$token) and by the study builder's preview. Plain HTML forms that post to the same
 * URL work without JavaScript; with it, Remix's <Form> submits without a full reload.
 * All text is rendered as React text (escaped), never as HTML.
 */
import { ANCHOR_ANSWERS, ANCHOR_LABELS } from "../../studies/maxdiffAnchor.ts";
import { Form, isRouteErrorResponse, useLocation, useNavigation, useRouteError } from "@remix-run/react";
import { useEffect, useRef, type ReactNode } from "react";
import {
  CONCEPT_QUESTIONS,
  INTENT_ANCHORS,
  PRICE_QUESTIONS,
  formatMoney,
  type SurveyPageProps,
  type SurveyPageView,
} from "../../survey/types.ts";
import { competitorQuestions } from "../../survey/competitorTypes.ts";
import { CompetitorQuestions } from "./CompetitorQuestions.tsx";

export function SurveyShell({
  studyName,
  children,
  progress,
}: {
  studyName: string;
  children: ReactNode;
  progress?: { done: number; total: number };
}) {
  return (
    <div className="survey">
      <header className="survey-header">
        <p className="survey-study">{studyName}</p>
        {progress && progress.total > 0 ? <ProgressBar {...progress} /> : null}
      </header>
      <main className="survey-main">{children}</main>
    </div>
  );
}

export function ProgressBar({ done, total }: { done: number; total: number }) {
  const pct = total > 0 ? Math.round((100 * Math.min(done, total)) / total) : 0;
  return (
    <div className="survey-progress">
      <label htmlFor="survey-progress">
        Progress: {Math.min(done, total)} of {total} pages done
      </label>
      <progress id="survey-progress" max={total} value={Math.min(done, total)}>
        {pct}%
      </progress>
    </div>
  );
}

function submitLabel(page: SurveyPageView, last: boolean): string {
  if (page.kind === "start") return "Start the survey";
  return last ? "Submit my answers" : "Next";
}

/**
 * A submit of an untouched page within this time of it replacing the previous page is taken as
 * the second tap of a double tap (JavaScript on) and ignored: it would post the new page empty.
 */
const QUICK_TAP_MS = 1000;

/** The questions of a page in display order, by form field name (for the error summary and focus). */
function questionOrder(page: SurveyPageView): Array<{ name: string; label: string }> {
  switch (page.kind) {
    case "screener":
      return [{ name: "option", label: page.question }];
    case "concept":
      return CONCEPT_QUESTIONS.map((q) => ({ name: q.name, label: q.question }));
    case "maxdiff":
      return [
        { name: "best", label: "Most important" },
        { name: "worst", label: "Least important" },
        ...(page.anchorQuestion ? [{ name: "anchor", label: page.anchorQuestion }] : []),
      ];
    case "price":
      return PRICE_QUESTIONS.map((q) => ({ name: q.name, label: q.label }));
    case "nms":
      return [
        { name: "piCheap", label: "At your “bargain” price" },
        { name: "piExpensive", label: "At your “getting expensive” price" },
      ];
    case "alternative":
    case "performance":
      return competitorQuestions(page);
    default:
      return [];
  }
}

/** Field names marked invalid: those with an error, and the prices named by an order warning. */
function invalidFields(errors: Record<string, string>): Set<string> {
  const names = new Set(Object.keys(errors).filter((k) => k !== "form" && k !== "order" && k !== "orderFields"));
  for (const n of (errors.orderFields ?? "").split(",")) if (n) names.add(n);
  return names;
}

export function SurveyPage(props: SurveyPageProps) {
  const { studyName, page, pageKey, progress, errors = {}, values = {}, action, preview, notice } = props;
  const { readOnly, continueTo, formToken } = props;
  const navigation = useNavigation();
  // disabled from the tap until the next page is shown (the redirect's load included)
  const busy = navigation.state !== "idle" && !!navigation.formMethod;
  // With JavaScript the next page replaces this one in place: move the focus to its top, so
  // keyboard and screen-reader users continue with its first question (as after a reload).
  const formRef = useRef<HTMLFormElement>(null);
  const shownKey = useRef(pageKey);
  const arrivedAt = useRef<number | null>(null);
  const touched = useRef(false);
  useEffect(() => {
    if (shownKey.current === pageKey) return;
    shownKey.current = pageKey;
    arrivedAt.current = performance.now();
    touched.current = false;
    formRef.current?.focus({ preventScroll: false });
  }, [pageKey]);
  // After a failed check (a new errors object from the action), the focus goes to the first
  // question marked invalid.
  const errorsShown = props.errors;
  useEffect(() => {
    if (!errorsShown) return;
    const first = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    if (!first) return;
    const target = first.tagName === "FIELDSET" ? first.querySelector<HTMLElement>("input") : first;
    target?.focus();
  }, [errorsShown]);
  if (page.kind === "over_quota") {
    return (
      <SurveyShell studyName={studyName}>
        <section className="survey-card" aria-live="polite" data-page="over_quota">
          <h1>Thank you — we already have enough answers from people like you</h1>
          <p>There are no more questions for you. Nothing else is needed; you can close this page.</p>
        </section>
      </SurveyShell>
    );
  }
  if (page.kind === "done" || page.kind === "screened_out") {
    return (
      <SurveyShell studyName={studyName} progress={page.kind === "done" ? progress : undefined}>
        <section className="survey-card" aria-live="polite">
          {page.kind === "done" ? (
            <>
              <h1>Thank you!</h1>
              <p>Your answers have been saved. You can close this page now.</p>
            </>
          ) : (
            <>
              <h1>Thank you for your time</h1>
              <p>
                This survey is looking for people in other situations, so there are no more questions for you. Nothing
                else is needed; you can close this page.
              </p>
            </>
          )}
        </section>
      </SurveyShell>
    );
  }
  const invalid = invalidFields(errors);
  const questions = questionOrder(page);
  const focus = questions.find((q) => invalid.has(q.name))?.name;
  if (readOnly) {
    return (
      <SurveyShell studyName={studyName} progress={progress}>
        <section className="survey-card" data-page={pageKey} data-read-only="">
          <p className="notice" role="status">
            This page is already saved. Answers on earlier pages can't be changed.
          </p>
          <fieldset disabled className="survey-saved">
            <PageBody page={page} errors={{}} values={values} />
          </fieldset>
          <div className="survey-actions">
            <a className="button" href={continueTo}>
              Continue where you left off
            </a>
          </div>
        </section>
      </SurveyShell>
    );
  }
  const last = progress.total > 0 && progress.done === progress.total - 1;
  const hasErrors = Object.keys(errors).length > 0;
  const named = questions.filter((q) => invalid.has(q.name) && errors[q.name]);
  return (
    <SurveyShell studyName={studyName} progress={page.kind === "start" ? undefined : progress}>
      <Form
        key={pageKey}
        ref={formRef}
        tabIndex={-1}
        method="post"
        action={action}
        className="survey-card"
        data-page={pageKey}
        noValidate
        onChange={() => {
          touched.current = true;
        }}
        onSubmit={(e) => {
          if (preview) return e.preventDefault();
          const quick = arrivedAt.current !== null && performance.now() - arrivedAt.current < QUICK_TAP_MS;
          if (quick && !touched.current) e.preventDefault();
        }}
      >
        <input type="hidden" name="page" value={pageKey} />
        {formToken ? <input type="hidden" name="formToken" value={formToken} /> : null}
        {notice ? <p className="notice">{notice}</p> : null}
        {hasErrors ? (
          <div role="alert" className="form-error" id="survey-errors">
            {errors.form ?? (named.length ? "Please answer:" : "Please check the answers marked below.")}
            {named.length && !errors.form ? (
              <ul>
                {named.map((q) => (
                  <li key={q.name}>
                    <a href={`#q-${q.name}`}>{q.label}</a>
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
        <PageBody page={page} errors={errors} values={values} invalid={invalid} focus={focus} />
        <div className="survey-actions">
          <button type="submit" disabled={busy || preview}>
            {busy ? "Saving…" : submitLabel(page, last)}
          </button>
        </div>
        {page.kind !== "start" ? (
          <p className="muted survey-small">
            Your answers are saved on every page; answers on earlier pages can't be changed. If you stop, open your link
            again to continue where you left off.
          </p>
        ) : null}
      </Form>
    </SurveyShell>
  );
}

function PageBody({
  page,
  errors,
  values,
  invalid = new Set(),
  focus,
}: {
  page: SurveyPageView;
  errors: Record<string, string>;
  values: Record<string, string>;
  invalid?: Set<string>;
  /** the field that takes the focus when the page loads (first invalid; works without JavaScript) */
  focus?: string;
}) {
  switch (page.kind) {
    case "start":
      return (
        <>
          <h1>Welcome</h1>
          {page.productDescription ? <p>{page.productDescription}</p> : null}
          <p>
            We would like your opinion. The survey has about {page.pages} short pages and takes around{" "}
            {Math.max(3, Math.round(page.pages * 0.6))} minutes. There are no right or wrong answers.
          </p>
        </>
      );
    case "screener":
      return (
        <fieldset
          id="q-option"
          aria-describedby={errors.option ? "err-option" : undefined}
          aria-invalid={errors.option ? true : undefined}
        >
          <legend>
            <h1 className="survey-question">{page.question}</h1>
          </legend>
          <ErrorText id="err-option" error={errors.option} />
          {page.options.map((o, i) => (
            <label key={o.id} className="survey-choice">
              <input
                type="radio"
                name="option"
                value={o.id}
                defaultChecked={values.option === o.id}
                required
                autoFocus={focus === "option" && i === 0}
              />
              <span>{o.label}</span>
            </label>
          ))}
        </fieldset>
      );
    case "concept":
      return (
        <>
          <h1>
            Idea {page.index} of {page.of}: {page.concept.name}
          </h1>
          <div className="survey-concept">
            {page.concept.imageUrl ? <img src={page.concept.imageUrl} alt="" className="survey-concept-image" /> : null}
            <p>{page.concept.body}</p>
          </div>
          {CONCEPT_QUESTIONS.map((q) => (
            <RatingScale
              key={q.name}
              name={q.name}
              question={q.question}
              anchors={q.anchors}
              value={values[q.name]}
              error={errors[q.name]}
              autoFocus={focus === q.name}
            />
          ))}
        </>
      );
    case "maxdiff":
      return <MaxDiffTask page={page} errors={errors} values={values} focus={focus} />;
    case "price":
      return (
        <>
          <h1>What would you pay?</h1>
          {page.productDescription ? <p>{page.productDescription}</p> : null}
          <p className="muted">Enter prices in {page.currency}. Think of the price per month you would pay yourself.</p>
          {errors.order ? (
            <div className="warning" role="alert" id="err-order">
              <p>{errors.order}</p>
              <label className="survey-choice">
                <input type="checkbox" name="confirmOrder" value="yes" />
                <span>My prices are correct as entered</span>
              </label>
            </div>
          ) : null}
          {PRICE_QUESTIONS.map((q) => (
            <div key={q.name} className="survey-price" id={`q-${q.name}`}>
              <label htmlFor={`price-${q.name}`}>{q.question}</label>
              <div className="survey-money">
                <span aria-hidden="true">{page.currency}</span>
                <input
                  id={`price-${q.name}`}
                  name={q.name}
                  type="text"
                  inputMode="decimal"
                  autoComplete="off"
                  defaultValue={values[q.name] ?? ""}
                  aria-invalid={invalid.has(q.name) ? true : undefined}
                  aria-describedby={
                    errors[q.name] ? `err-${q.name}` : invalid.has(q.name) && errors.order ? "err-order" : undefined
                  }
                  required
                  autoFocus={focus === q.name}
                />
              </div>
              <ErrorText id={`err-${q.name}`} error={errors[q.name]} />
            </div>
          ))}
        </>
      );
    case "nms":
      return (
        <>
          <h1>Two last questions</h1>
          <RatingScale
            name="piCheap"
            question={`If the product cost ${formatMoney(page.cheap, page.currency)} (your “bargain” price), how likely would you be to buy it?`}
            anchors={INTENT_ANCHORS}
            value={values.piCheap}
            error={errors.piCheap}
            autoFocus={focus === "piCheap"}
          />
          <RatingScale
            name="piExpensive"
            question={`If the product cost ${formatMoney(page.expensive, page.currency)} (your “getting expensive” price), how likely would you be to buy it?`}
            anchors={INTENT_ANCHORS}
            value={values.piExpensive}
            error={errors.piExpensive}
            autoFocus={focus === "piExpensive"}
          />
        </>
      );
    case "alternative":
    case "performance":
      return <CompetitorQuestions page={page} errors={errors} values={values} focus={focus} />;
    default:
      return null;
  }
}

function ErrorText({ id, error }: { id: string; error?: string }) {
  return error ? (
    <p id={id} className="field-error">
      {error}
    </p>
  ) : null;
}

/** A 1–5 scale with every point labelled; a fieldset with the question as its legend. */
export function RatingScale({
  name,
  question,
  anchors,
  value,
  error,
  autoFocus,
}: {
  name: string;
  question: string;
  anchors: readonly string[];
  value?: string;
  error?: string;
  /** focus the first answer on load (the first unanswered question after a failed check) */
  autoFocus?: boolean;
}) {
  return (
    <fieldset
      id={`q-${name}`}
      className="survey-scale"
      aria-describedby={error ? `err-${name}` : undefined}
      aria-invalid={error ? true : undefined}
    >
      <legend>{question}</legend>
      <ErrorText id={`err-${name}`} error={error} />
      <div className="survey-scale-options">
        {anchors.map((anchor, i) => (
          <label key={anchor} className="survey-choice">
            <input
              type="radio"
              name={name}
              value={String(i + 1)}
              defaultChecked={value === String(i + 1)}
              required
              autoFocus={autoFocus && i === 0}
            />
            <span>
              <span className="survey-scale-n">{i + 1}</span> {anchor}
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

export function MaxDiffTask({
  page,
  errors,
  values,
  focus,
}: {
  page: Extract<SurveyPageView, { kind: "maxdiff" }>;
  errors: Record<string, string>;
  values: Record<string, string>;
  focus?: string;
}) {
  return (
    <>
      <h1>
        Which matters most and least?{" "}
        <span className="muted survey-small">
          (set {page.task} of {page.of})
        </span>
      </h1>
      <p>Of these features, choose the one that is most important to you and the one that is least important to you.</p>
      <div className="survey-maxdiff">
        <fieldset
          id="q-best"
          aria-describedby={errors.best ? "err-best" : undefined}
          aria-invalid={errors.best ? true : undefined}
        >
          <legend>Most important</legend>
          <ErrorText id="err-best" error={errors.best} />
          {page.items.map((item, i) => (
            <label key={item.id} className="survey-choice">
              <input
                type="radio"
                name="best"
                value={item.id}
                defaultChecked={values.best === item.id}
                required
                autoFocus={focus === "best" && i === 0}
              />
              <span>
                {item.label}
                {item.description ? <span className="muted survey-small"> — {item.description}</span> : null}
              </span>
            </label>
          ))}
        </fieldset>
        <fieldset
          id="q-worst"
          aria-describedby={errors.worst ? "err-worst" : undefined}
          aria-invalid={errors.worst ? true : undefined}
        >
          <legend>Least important</legend>
          <ErrorText id="err-worst" error={errors.worst} />
          {page.items.map((item, i) => (
            <label key={item.id} className="survey-choice">
              <input
                type="radio"
                name="worst"
                value={item.id}
                defaultChecked={values.worst === item.id}
                required
                autoFocus={focus === "worst" && i === 0}
              />
              <span>{item.label}</span>
            </label>
          ))}
        </fieldset>
      </div>
      {page.anchorQuestion ? (
        <fieldset
          id="q-anchor"
          className="survey-anchor"
          aria-describedby={errors.anchor ? "err-anchor" : undefined}
          aria-invalid={errors.anchor ? true : undefined}
        >
          <legend>{page.anchorQuestion}</legend>
          <ErrorText id="err-anchor" error={errors.anchor} />
          {ANCHOR_ANSWERS.map((answer, i) => (
            <label key={answer} className="survey-choice">
              <input
                type="radio"
                name="anchor"
                value={answer}
                defaultChecked={values.anchor === answer}
                required
                autoFocus={focus === "anchor" && i === 0}
              />
              <span>{ANCHOR_LABELS[answer]}</span>
            </label>
          ))}
        </fieldset>
      ) : null}
    </>
  );
}

/** Friendly end states that are not pages of a survey (unknown link, closed study, …). */
export function SurveyMessage({ title, children }: { title: string; children: ReactNode }) {
  return (
    <SurveyShell studyName="Survey">
      <section className="survey-card">
        <h1>{title}</h1>
        {children}
      </section>
    </SurveyShell>
  );
}

/**
 * The error page of survey links (route ErrorBoundary): survey-styled, says that saved answers
 * are safe, and offers to try again on the same link — never a way out of the survey.
 */
export function SurveyError() {
  const error = useRouteError();
  const { pathname } = useLocation();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const refused = status === 403 && typeof (error as { data?: unknown }).data === "string";
  return (
    <SurveyMessage title={refused ? "Please reload the page" : "Something went wrong"}>
      <p role="alert">
        {refused
          ? String((error as { data: string }).data)
          : "We couldn't show this page just now. Your saved answers are safe."}
      </p>
      <p>
        <a href={pathname} className="button">
          Try again
        </a>
      </p>
    </SurveyMessage>
  );
}
