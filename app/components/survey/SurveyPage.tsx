/**
 * One survey page from plain props (app/survey/types.ts). Used by the respondent's survey
 * (/s/$token) and by the study builder's preview. Plain HTML forms that post to the same
 * URL work without JavaScript; with it, Remix's <Form> submits without a full reload.
 * All text is rendered as React text (escaped), never as HTML.
 */
import { ANCHOR_ANSWERS } from "../../studies/maxdiffAnchor.ts";
import { type MessageKey, t as textIn, type Translate, translator } from "../../i18n/index.ts";
import { languageName, textDirection } from "../../i18n/languages.ts";
import { ATTENTION_FIELD, AttentionCheck } from "./AttentionCheck.tsx";
import { GaborGrangerQuestion, GG_FIELD, ggQuestion } from "./GaborGrangerQuestion.tsx";
import { Form, isRouteErrorResponse, useLocation, useMatches, useNavigation, useRouteError } from "@remix-run/react";
import { useEffect, useRef, type ReactNode } from "react";
import {
  CONCEPT_QUESTIONS,
  PRICE_QUESTIONS,
  formatMoney,
  type SurveyPageProps,
  type SurveyPageView,
} from "../../survey/types.ts";
import { competitorQuestions } from "../../survey/competitorTypes.ts";
import { CompetitorQuestions } from "./CompetitorQuestions.tsx";
import { ErrorText, RadioQuestion } from "./RadioQuestion.tsx";

export function SurveyShell({
  studyName,
  children,
  progress,
  language = "en",
  switcher,
}: {
  studyName: string;
  children: ReactNode;
  progress?: { done: number; total: number };
  /** the page's language: its lang and dir attributes (right-to-left scripts) and fixed strings */
  language?: string;
  /** the language switch, shown in the header */
  switcher?: ReactNode;
}) {
  return (
    <div className="survey" lang={language} dir={textDirection(language)}>
      <header className="survey-header">
        <p className="survey-study">{studyName}</p>
        {switcher}
        {progress && progress.total > 0 ? <ProgressBar {...progress} t={translator(language)} /> : null}
      </header>
      <main className="survey-main">{children}</main>
    </div>
  );
}

export function ProgressBar({ done, total, t = translator("en") }: { done: number; total: number; t?: Translate }) {
  const pct = total > 0 ? Math.round((100 * Math.min(done, total)) / total) : 0;
  return (
    <div className="survey-progress">
      <label htmlFor="survey-progress">{t("survey.progress", { done: Math.min(done, total), total })}</label>
      <progress id="survey-progress" max={total} value={Math.min(done, total)}>
        {pct}%
      </progress>
    </div>
  );
}

function submitLabel(page: SurveyPageView, last: boolean, t: Translate): string {
  if (page.kind === "start") return t("survey.start");
  return last ? t("survey.submit") : t("survey.next");
}

/** The text of a concept question and its five scale labels in the page's language. */
function conceptQuestion(name: string, t: Translate) {
  const key = `concept.${name}` as MessageKey;
  const anchors = [1, 2, 3, 4, 5].map((i) => t(`${key}.${i}` as MessageKey));
  return { question: t(key), anchors };
}

/**
 * The language switch: a plain form posting the chosen language (works without JavaScript); the
 * choice is stored for the rest of the response. Each name is written in its own language.
 */
export function LanguageSwitch({
  languages,
  current,
  action,
  pageKey,
  formToken,
  t,
}: {
  languages: Array<{ code: string; dir: "ltr" | "rtl" }>;
  current: string;
  action?: string;
  pageKey: string;
  formToken?: string;
  t: Translate;
}) {
  return (
    <form method="post" action={action} className="survey-languages" aria-label={t("survey.language")}>
      <input type="hidden" name="page" value={pageKey} />
      {formToken ? <input type="hidden" name="formToken" value={formToken} /> : null}
      {languages.map((l) =>
        l.code === current ? (
          <span key={l.code} lang={l.code} dir={l.dir} className="survey-language-current" aria-current="true">
            {languageName(l.code)}
          </span>
        ) : (
          <button
            key={l.code}
            type="submit"
            name="language"
            value={l.code}
            lang={l.code}
            dir={l.dir}
            className="link-button"
          >
            {languageName(l.code)}
          </button>
        ),
      )}
    </form>
  );
}

/**
 * A submit of an untouched page within this time of it replacing the previous page is taken as
 * the second tap of a double tap (JavaScript on) and ignored: it would post the new page empty.
 */
const QUICK_TAP_MS = 1000;

/** The questions of a page in display order, by form field name (for the error summary and focus). */
function questionOrder(page: SurveyPageView, t: Translate, language: string): Array<{ name: string; label: string }> {
  switch (page.kind) {
    case "screener":
      return [{ name: "option", label: page.question }];
    case "attention":
      return [{ name: ATTENTION_FIELD, label: page.question }];
    case "concept":
      return CONCEPT_QUESTIONS.map((q) => ({ name: q.name, label: t(`concept.${q.name}` as MessageKey) }));
    case "maxdiff":
      return [
        { name: "best", label: t("survey.most") },
        { name: "worst", label: t("survey.least") },
        ...(page.anchorQuestion ? [{ name: "anchor", label: page.anchorQuestion }] : []),
      ];
    case "price":
      return PRICE_QUESTIONS.map((q) => ({ name: q.name, label: t(`price.${q.name}.label` as MessageKey) }));
    case "nms":
      return [
        { name: "piCheap", label: t("survey.nmsCheapShort") },
        { name: "piExpensive", label: t("survey.nmsExpensiveShort") },
      ];
    case "gaborGranger":
      return [{ name: GG_FIELD, label: ggQuestion(page, t, language) }];
    case "alternative":
    case "performance":
      return competitorQuestions(page, t);
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
  const { readOnly, continueTo, formToken, language = "en", languages = [] } = props;
  const t = translator(language);
  const switcher =
    languages.length > 1 && !preview && !readOnly ? (
      <LanguageSwitch
        languages={languages}
        current={language}
        action={action}
        pageKey={pageKey}
        formToken={formToken}
        t={t}
      />
    ) : null;
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
      <SurveyShell studyName={studyName} language={language}>
        <section className="survey-card" aria-live="polite" data-page="over_quota">
          <h1>{t("end.overQuotaTitle")}</h1>
          <p>{t("end.overQuota")}</p>
        </section>
      </SurveyShell>
    );
  }
  if (page.kind === "done" || page.kind === "screened_out") {
    return (
      <SurveyShell studyName={studyName} progress={page.kind === "done" ? progress : undefined} language={language}>
        <section className="survey-card" aria-live="polite" data-page={page.kind}>
          {page.kind === "done" ? (
            <>
              <h1>{t("end.doneTitle")}</h1>
              <p>{t("end.done")}</p>
            </>
          ) : (
            <>
              <h1>{t("end.screenedTitle")}</h1>
              <p>{t("end.screened")}</p>
            </>
          )}
        </section>
      </SurveyShell>
    );
  }
  const invalid = invalidFields(errors);
  const questions = questionOrder(page, t, language);
  const focus = questions.find((q) => invalid.has(q.name))?.name;
  if (readOnly) {
    return (
      <SurveyShell studyName={studyName} progress={progress} language={language}>
        <section className="survey-card" data-page={pageKey} data-read-only="">
          <p className="notice" role="status">
            {t("survey.readOnly")}
          </p>
          <fieldset disabled className="survey-saved">
            <PageBody page={page} errors={{}} values={values} t={t} language={language} />
          </fieldset>
          <div className="survey-actions">
            <a className="button" href={continueTo}>
              {t("survey.continue")}
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
    <SurveyShell
      studyName={studyName}
      progress={page.kind === "start" ? undefined : progress}
      language={language}
      switcher={switcher}
    >
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
            {errors.form ?? (named.length ? t("survey.pleaseAnswer") : t("survey.checkMarked"))}
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
        <PageBody
          page={page}
          errors={errors}
          values={values}
          invalid={invalid}
          focus={focus}
          t={t}
          language={language}
        />
        <div className="survey-actions">
          <button type="submit" disabled={busy || preview}>
            {busy ? t("survey.saving") : submitLabel(page, last, t)}
          </button>
        </div>
        {page.kind !== "start" ? <p className="muted survey-small">{t("survey.savedNote")}</p> : null}
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
  t,
  language,
}: {
  page: SurveyPageView;
  errors: Record<string, string>;
  values: Record<string, string>;
  invalid?: Set<string>;
  /** the field that takes the focus when the page loads (first invalid; works without JavaScript) */
  focus?: string;
  t: Translate;
  language: string;
}) {
  switch (page.kind) {
    case "start":
      return (
        <>
          <h1>{t("survey.welcome")}</h1>
          {page.productDescription ? <p>{page.productDescription}</p> : null}
          <p>{t("survey.intro", { pages: page.pages, minutes: Math.max(3, Math.round(page.pages * 0.6)) })}</p>
        </>
      );
    case "screener":
      return (
        <RadioQuestion
          name="option"
          legend={<h1 className="survey-question">{page.question}</h1>}
          choices={page.options.map((o) => ({ value: o.id, label: o.label }))}
          value={values.option}
          error={errors.option}
          autoFocus={focus === "option"}
        />
      );
    case "concept":
      return (
        <>
          <h1>{t("survey.idea", { index: page.index, of: page.of, name: page.concept.name })}</h1>
          <div className="survey-concept">
            {page.concept.imageUrl ? (
              <img src={page.concept.imageUrl} alt={page.concept.name} className="survey-concept-image" />
            ) : null}
            <p>{page.concept.body}</p>
          </div>
          {CONCEPT_QUESTIONS.map((q) => (
            <RatingScale
              key={q.name}
              name={q.name}
              {...conceptQuestion(q.name, t)}
              value={values[q.name]}
              error={errors[q.name]}
              autoFocus={focus === q.name}
            />
          ))}
        </>
      );
    case "maxdiff":
      return <MaxDiffTask page={page} errors={errors} values={values} focus={focus} t={t} />;
    case "attention":
      return <AttentionCheck page={page} errors={errors} values={values} focus={focus} />;
    case "price":
      return (
        <>
          <h1>{t("survey.priceTitle")}</h1>
          {page.productDescription ? <p>{page.productDescription}</p> : null}
          <p className="muted">{t("survey.priceHint", { currency: page.currency })}</p>
          {errors.order ? (
            <div className="warning" role="alert" id="err-order">
              <p>{errors.order}</p>
              <label className="survey-choice">
                <input type="checkbox" name="confirmOrder" value="yes" />
                <span>{t("survey.confirmOrder")}</span>
              </label>
            </div>
          ) : null}
          {PRICE_QUESTIONS.map((q) => (
            <div key={q.name} className="survey-price" id={`q-${q.name}`}>
              <label htmlFor={`price-${q.name}`}>{t(`price.${q.name}` as MessageKey)}</label>
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
          <h1>{t("survey.nmsTitle")}</h1>
          <RatingScale
            name="piCheap"
            question={t("survey.nmsCheap", { price: formatMoney(page.cheap, page.currency, language) })}
            anchors={conceptQuestion("purchaseIntent", t).anchors}
            value={values.piCheap}
            error={errors.piCheap}
            autoFocus={focus === "piCheap"}
          />
          <RatingScale
            name="piExpensive"
            question={t("survey.nmsExpensive", { price: formatMoney(page.expensive, page.currency, language) })}
            anchors={conceptQuestion("purchaseIntent", t).anchors}
            value={values.piExpensive}
            error={errors.piExpensive}
            autoFocus={focus === "piExpensive"}
          />
        </>
      );
    case "gaborGranger":
      return (
        <GaborGrangerQuestion
          page={page}
          value={values[GG_FIELD]}
          error={errors[GG_FIELD]}
          autoFocus={focus === GG_FIELD}
          t={t}
          language={language}
        />
      );
    case "alternative":
    case "performance":
      return <CompetitorQuestions page={page} errors={errors} values={values} focus={focus} t={t} />;
    default:
      return null;
  }
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
    <RadioQuestion
      name={name}
      legend={question}
      className="survey-scale"
      choicesClassName="survey-scale-options"
      choices={anchors.map((anchor, i) => ({
        value: String(i + 1),
        label: (
          <>
            <span className="survey-scale-n">{i + 1}</span> {anchor}
          </>
        ),
      }))}
      value={value}
      error={error}
      autoFocus={autoFocus}
    />
  );
}

export function MaxDiffTask({
  page,
  errors,
  values,
  focus,
  t = translator("en"),
}: {
  page: Extract<SurveyPageView, { kind: "maxdiff" }>;
  errors: Record<string, string>;
  values: Record<string, string>;
  focus?: string;
  t?: Translate;
}) {
  return (
    <>
      <h1>
        {t("survey.maxdiffTitle")}{" "}
        <span className="muted survey-small">{t("survey.maxdiffSet", { task: page.task, of: page.of })}</span>
      </h1>
      <p>{t("survey.maxdiffIntro")}</p>
      <div className="survey-maxdiff">
        <RadioQuestion
          name="best"
          legend={t("survey.most")}
          choices={page.items.map((item) => ({
            value: item.id,
            label: (
              <>
                {item.label}
                {item.description ? <span className="muted survey-small"> — {item.description}</span> : null}
              </>
            ),
          }))}
          value={values.best}
          error={errors.best}
          autoFocus={focus === "best"}
        />
        <RadioQuestion
          name="worst"
          legend={t("survey.least")}
          choices={page.items.map((item) => ({ value: item.id, label: item.label }))}
          value={values.worst}
          error={errors.worst}
          autoFocus={focus === "worst"}
        />
      </div>
      {page.anchorQuestion ? (
        <RadioQuestion
          name="anchor"
          legend={page.anchorQuestion}
          className="survey-anchor"
          choices={ANCHOR_ANSWERS.map((answer) => ({ value: answer, label: t(`anchor.${answer}`) }))}
          value={values.anchor}
          error={errors.anchor}
          autoFocus={focus === "anchor"}
        />
      ) : null}
    </>
  );
}

/** Friendly end states that are not pages of a survey (unknown link, closed study, …). */
export function SurveyMessage({
  title,
  children,
  language,
}: {
  title: string;
  children: ReactNode;
  language?: string;
}) {
  return (
    <SurveyShell studyName={textIn(language, "survey.title")} language={language}>
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
  const language = useMatchedLanguage();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const refused = status === 403 && typeof (error as { data?: unknown }).data === "string";
  return (
    <SurveyMessage title={textIn(language, refused ? "link.reloadTitle" : "link.errorTitle")} language={language}>
      <p role="alert">{textIn(language, refused ? "link.refused" : "link.error")}</p>
      <p>
        <a href={pathname} className="button">
          {textIn(language, "link.tryAgain")}
        </a>
      </p>
    </SurveyMessage>
  );
}

/** The language a route's data names (the survey's, else the root's browser language), for error pages. */
function useMatchedLanguage(): string {
  const matches = useMatches();
  for (let i = matches.length - 1; i >= 0; i--) {
    const language = (matches[i].data as { language?: unknown } | undefined)?.language;
    if (typeof language === "string" && language) return language;
  }
  return "en";
}
