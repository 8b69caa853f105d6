/**
 * The respondent's survey. The link token identifies exactly one respondent; every request
 * is rate-limited per client address; unknown, revoked or closed-study links get a friendly
 * page that reveals nothing. Each POST saves one page idempotently (app/survey/save.server.ts)
 * and redirects (303) to the page now current, `?p=<page>`: every page has its own history
 * entry, so Back shows the previous page with its saved answers (read-only; answers on earlier
 * pages can't be changed), and reloads never resubmit. A post for a page that is no longer
 * current (a second tap, an old tab) stores nothing and shows the current page. Respondents who
 * finished see their thank-you page even after the study closed. Works without JavaScript: the
 * form carries a signed token for browsers that send no Origin (app/survey/formToken.server.ts).
 */
import type {
  ActionFunctionArgs,
  HeadersFunction,
  LinksFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import {
  type ClientActionFunctionArgs,
  type ShouldRevalidateFunction,
  useActionData,
  useLoaderData,
  useLocation,
} from "@remix-run/react";
import { SurveyError, SurveyMessage, SurveyPage } from "../components/survey/SurveyPage.tsx";
import {
  findRespondentByToken,
  limitLinkRequests,
  recordLinkMiss,
  tooManyLinkRequests,
} from "../respondents/links.server.ts";
import { isRetryableDbError } from "../db.server.ts";
import { formPostAllowed, formToken, refusedFormPost } from "../survey/formToken.server.ts";
import { currentPageKey, markPageShown, savedPage, studyGate, submitPage, surveyState } from "../survey/save.server.ts";
import { pageFromSlug, pageSlug } from "../survey/types.ts";
import { withConceptImageSrc } from "../survey/conceptImageSrc.ts";
import { languageChoices, switchLanguage, withLanguage } from "../survey/language.server.ts";
import { catalogLanguage, t } from "../i18n/index.ts";
import surveyStyles from "../styles/survey.css";
import { FINISHED_SURVEY_STATUSES } from "../domain/status.ts";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: surveyStyles }];
/** The browser tab's title in the page's language: the study's name on survey pages, else just "Survey". */
export const meta: MetaFunction<typeof loader> = ({ data: d }) => {
  const page = d as { language?: string; survey?: { studyName?: string } } | undefined;
  const title = page?.survey?.studyName
    ? t(page.language, "survey.tabTitle", { study: page.survey.studyName })
    : t(page?.language, "survey.title");
  return [{ title }, { name: "robots", content: "noindex, nofollow" }];
};
export const headers: HeadersFunction = ({ loaderHeaders, actionHeaders }) => {
  const h = new Headers({
    "Cache-Control": actionHeaders.get("Cache-Control") ?? "no-store",
    "X-Robots-Tag": "noindex, nofollow",
  });
  const retry = actionHeaders.get("Retry-After") ?? loaderHeaders.get("Retry-After");
  if (retry) h.set("Retry-After", retry);
  return h;
};

type Gate = {
  state: "invalid" | "closed" | "not_open" | "rate_limited" | "busy";
  message?: string;
  /** for the end pages of links that show no survey: the browser's language among the built-in catalogs */
  language?: string;
};

/** The language of a page shown without a respondent (closed study, unknown link): Accept-Language. */
function browserLanguage(request: Request): string {
  return catalogLanguage(request.headers.get("accept-language"));
}

/** Seconds a respondent is asked to wait when the database is briefly busy. */
const BUSY_RETRY_AFTER = "5";

/** A busy/locked/unreachable database → 503 "please retry" (never a 500 with a stack). */
function busy<T>(e: unknown, body: T) {
  if (!isRetryableDbError(e)) throw e;
  console.error(
    `survey: database busy, answered 503: ${(e as Error).message?.split("\n").filter(Boolean).at(-1) ?? e}`,
  );
  return data(body, { status: 503, headers: { "Retry-After": BUSY_RETRY_AFTER } });
}

async function gate(request: Request, token: string | undefined) {
  const language = browserLanguage(request);
  const wait = await limitLinkRequests(request);
  if (wait) return { respondent: null, response: tooManyLinkRequests(wait, language) };
  const respondent = await findRespondentByToken(token);
  if (!respondent) {
    const wait = await recordLinkMiss(request);
    if (wait) return { respondent: null, response: tooManyLinkRequests(wait, language) };
    return { respondent: null, response: data<Gate>({ state: "invalid", language }, { status: 404 }) };
  }
  const g = studyGate(respondent.study.status);
  // finished respondents keep seeing their thank-you page after the study closed
  const finished = FINISHED_SURVEY_STATUSES.includes(respondent.response?.status ?? "");
  if (finished) return { respondent, response: null };
  if (g === "closed") return { respondent: null, response: data<Gate>({ state: "closed", language }, { status: 410 }) };
  if (g === "not_open")
    return { respondent: null, response: data<Gate>({ state: "not_open", language }, { status: 403 }) };
  return { respondent, response: null };
}

/**
 * Records when the page was first shown, for page timings. Best effort: a busy database must not
 * keep the page (and its answers, after a failed save) from showing; the next view records it.
 */
async function pageShown(request: Request, respondent: Parameters<typeof markPageShown>[0], pageKey: string) {
  if (request.method !== "GET") return;
  try {
    await markPageShown(respondent, pageKey);
  } catch (e) {
    if (!isRetryableDbError(e)) throw e;
  }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  try {
    const { respondent: linked, response } = await gate(request, params.token);
    if (!linked) return response;
    const respondent = withLanguage(request, linked);
    const url = new URL(request.url);
    const survey = await surveyState(respondent);
    const language = survey.language;
    const asked = pageFromSlug(url.searchParams.get("p"));
    if (asked && asked !== survey.pageKey) {
      // Back to an earlier page: its own saved answers, read-only
      const past = await savedPage(respondent, asked);
      if (past) {
        const page = withConceptImageSrc(past.page, `${url.pathname}/image`);
        return { state: "past" as const, survey: { ...past, page }, current: pageSlug(survey.pageKey), language };
      }
    }
    await pageShown(request, respondent, survey.pageKey);
    const page = withConceptImageSrc(survey.page, `${url.pathname}/image`);
    const languages = languageChoices(respondent);
    return {
      state: "page" as const,
      survey: { ...survey, page },
      formToken: formToken(url.pathname, survey.pageKey),
      language,
      languages,
    };
  } catch (e) {
    return busy<Gate>(e, { state: "busy", language: browserLanguage(request) });
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const formData = await request.formData();
  const pageKey = String(formData.get("page") ?? "");
  if (!formPostAllowed(request, formData)) throw refusedFormPost();
  try {
    const { respondent: linked, response } = await gate(request, params.token);
    if (!linked) return response;
    const wanted = formData.get("language");
    if (typeof wanted === "string") {
      // the language switch: stored for the rest of the response; the page shows again in that language
      await switchLanguage(linked, wanted);
      const now = await currentPageKey(linked.id);
      return redirect(`${new URL(request.url).pathname}?p=${pageSlug(now)}`, 303);
    }
    const respondent = withLanguage(request, linked);
    const result = await submitPage(respondent, formData);
    if (result.kind === "invalid") {
      // A browser without JavaScript may keep this document in its history: let Back show it
      // again from its cache instead of asking to resubmit the form.
      const noJs = !new URL(request.url).searchParams.has("_data");
      return data(
        { pageKey, errors: result.errors, values: result.values },
        { status: 400, headers: noJs ? { "Cache-Control": "private, no-cache" } : undefined },
      );
    }
    const now = result.kind === "saved" ? result.next : await currentPageKey(respondent.id);
    return redirect(`${new URL(request.url).pathname}?p=${pageSlug(now)}`, 303);
  } catch (e) {
    // nothing of this page was saved (one transaction); the form comes back with its values
    const values = Object.fromEntries([...formData].filter(([, v]) => typeof v === "string")) as Record<string, string>;
    return busy(e, { pageKey, errors: { form: t(browserLanguage(request), "survey.busySave") }, values });
  }
}

/** What the action answers: a page's errors, or the link's state (closed, revoked, rate-limited…). */
type ActionResult =
  | { pageKey?: string; errors?: Record<string, string>; values?: Record<string, string>; state?: undefined }
  | Gate;

/**
 * With JavaScript, a submit that fails on the way (connection lost, server restarting, an
 * unexpected error) keeps the page and its ticked answers and says so, instead of replacing
 * them with an error page. Redirects and the action's own answers pass through unchanged.
 */
export async function clientAction({ request, serverAction }: ClientActionFunctionArgs) {
  const formData = await request.clone().formData();
  try {
    return await serverAction<typeof action>();
  } catch (e) {
    if (e instanceof Response) throw e;
    const values = Object.fromEntries([...formData].filter(([, v]) => typeof v === "string")) as Record<string, string>;
    return {
      pageKey: String(formData.get("page") ?? ""),
      // in the language the page is shown in (its lang attribute)
      errors: { form: t(document.querySelector(".survey")?.getAttribute("lang") ?? "en", "survey.unreachable") },
      values,
      unreachable: true,
    };
  }
}

/** After a submit that never reached the server, keep the page as it is (no reload that would fail too). */
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionResult, defaultShouldRevalidate }) =>
  (actionResult as { unreachable?: boolean } | undefined)?.unreachable ? false : defaultShouldRevalidate;

export default function Survey() {
  const loaderData = useLoaderData<typeof loader>() as
    | {
        state: "page";
        survey: Awaited<ReturnType<typeof surveyState>>;
        formToken: string;
        languages: Array<{ code: string; dir: "ltr" | "rtl" }>;
      }
    | { state: "past"; survey: Awaited<ReturnType<typeof surveyState>>; current: string }
    | Gate;
  const actionData = useActionData<typeof action>() as ActionResult | undefined;
  const { pathname } = useLocation();
  // the link stopped working between two pages (study closed, link revoked, too many requests)
  if (actionData?.state) return <LinkProblem {...actionData} />;
  if (loaderData.state === "past") {
    return (
      <SurveyPage
        {...loaderData.survey}
        readOnly
        continueTo={`${pathname}?p=${loaderData.current}`}
        values={loaderData.survey.values}
      />
    );
  }
  if (loaderData.state !== "page") return <LinkProblem {...loaderData} />;
  const { survey } = loaderData;
  const own = actionData?.pageKey === survey.pageKey;
  return (
    <SurveyPage
      {...survey}
      formToken={loaderData.formToken}
      languages={loaderData.languages}
      action={`${pathname}?p=${pageSlug(survey.pageKey)}`}
      errors={own ? actionData?.errors : undefined}
      values={own ? actionData?.values : undefined}
    />
  );
}

export function LinkProblem({ state, language = "en" }: Gate) {
  switch (state) {
    case "closed":
      return (
        <SurveyMessage title={t(language, "end.closedTitle")} language={language}>
          <p>{t(language, "end.closed")}</p>
        </SurveyMessage>
      );
    case "not_open":
      return (
        <SurveyMessage title={t(language, "end.notOpenTitle")} language={language}>
          <p>{t(language, "end.notOpen")}</p>
        </SurveyMessage>
      );
    case "busy":
      return (
        <SurveyMessage title={t(language, "link.busyTitle")} language={language}>
          <p>{t(language, "link.busy")}</p>
        </SurveyMessage>
      );
    case "rate_limited":
      return (
        <SurveyMessage title={t(language, "link.rateLimitedTitle")} language={language}>
          <p>{t(language, "link.rateLimited")}</p>
        </SurveyMessage>
      );
    default:
      return (
        <SurveyMessage title={t(language, "link.invalidTitle")} language={language}>
          <p>{t(language, "link.invalid")}</p>
        </SurveyMessage>
      );
  }
}

/** Anything unexpected on a survey link: a survey page that offers to try again on the same link. */
export function ErrorBoundary() {
  return <SurveyError />;
}
