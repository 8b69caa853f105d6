/**
 * The respondent's survey. The link token identifies exactly one respondent; every request
 * is rate-limited per client address; unknown, revoked or closed-study links get a friendly
 * page that reveals nothing. Each POST saves one page idempotently (app/survey/save.server.ts)
 * and redirects back here (303), so reloads never resubmit. Works without JavaScript.
 */
import type {
  ActionFunctionArgs,
  HeadersFunction,
  LinksFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { SurveyMessage, SurveyPage } from "../components/survey/SurveyPage.tsx";
import {
  findRespondentByToken,
  limitLinkRequests,
  recordLinkMiss,
  tooManyLinkRequests,
} from "../respondents/links.server.ts";
import { isRetryableDbError } from "../db.server.ts";
import { studyGate, submitPage, surveyState } from "../survey/save.server.ts";
import surveyStyles from "../styles/survey.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: surveyStyles }];
export const meta: MetaFunction = () => [{ title: "Survey" }, { name: "robots", content: "noindex, nofollow" }];
export const headers: HeadersFunction = ({ loaderHeaders, actionHeaders }) => {
  const h = new Headers({ "Cache-Control": "no-store", "X-Robots-Tag": "noindex, nofollow" });
  const retry = actionHeaders.get("Retry-After") ?? loaderHeaders.get("Retry-After");
  if (retry) h.set("Retry-After", retry);
  return h;
};

type Gate = { state: "invalid" | "closed" | "not_open" | "rate_limited" | "busy"; message?: string };

/** Seconds a respondent is asked to wait when the database is briefly busy. */
const BUSY_RETRY_AFTER = "5";
const BUSY_MESSAGE =
  "We couldn't save this page just now because the survey is very busy. Your earlier answers are safe. Please press “Continue” again in a few seconds.";

/** A busy/locked/unreachable database → 503 "please retry" (never a 500 with a stack). */
function busy<T>(e: unknown, body: T) {
  if (!isRetryableDbError(e)) throw e;
  console.error(
    `survey: database busy, answered 503: ${(e as Error).message?.split("\n").filter(Boolean).at(-1) ?? e}`,
  );
  return data(body, { status: 503, headers: { "Retry-After": BUSY_RETRY_AFTER } });
}

async function gate(request: Request, token: string | undefined) {
  const wait = await limitLinkRequests(request);
  if (wait) return { respondent: null, response: tooManyLinkRequests(wait) };
  const respondent = await findRespondentByToken(token);
  if (!respondent) {
    const wait = await recordLinkMiss(request);
    if (wait) return { respondent: null, response: tooManyLinkRequests(wait) };
    return { respondent: null, response: data<Gate>({ state: "invalid" }, { status: 404 }) };
  }
  const g = studyGate(respondent.study.status);
  if (g === "closed") return { respondent: null, response: data<Gate>({ state: "closed" }, { status: 410 }) };
  if (g === "not_open") return { respondent: null, response: data<Gate>({ state: "not_open" }, { status: 403 }) };
  return { respondent, response: null };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  try {
    const { respondent, response } = await gate(request, params.token);
    if (!respondent) return response;
    return { state: "page" as const, survey: await surveyState(respondent) };
  } catch (e) {
    return busy<Gate>(e, { state: "busy" });
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const formData = await request.formData();
  const pageKey = String(formData.get("page") ?? "");
  try {
    const { respondent, response } = await gate(request, params.token);
    if (!respondent) return response;
    const result = await submitPage(respondent, formData);
    if (result.kind === "invalid")
      return data({ pageKey, errors: result.errors, values: result.values }, { status: 400 });
    return redirect(new URL(request.url).pathname, 303);
  } catch (e) {
    // nothing of this page was saved (one transaction); the form comes back with its values
    const values = Object.fromEntries([...formData].filter(([, v]) => typeof v === "string")) as Record<string, string>;
    return busy(e, { pageKey, errors: { form: BUSY_MESSAGE }, values });
  }
}

export default function Survey() {
  const loaderData = useLoaderData<typeof loader>() as
    | { state: "page"; survey: Awaited<ReturnType<typeof surveyState>> }
    | Gate;
  const actionData = useActionData<typeof action>() as
    | { pageKey?: string; errors?: Record<string, string>; values?: Record<string, string> }
    | undefined;
  if (loaderData.state !== "page") return <LinkProblem {...loaderData} />;
  const { survey } = loaderData;
  const own = actionData?.pageKey === survey.pageKey;
  return (
    <SurveyPage
      {...survey}
      errors={own ? actionData?.errors : undefined}
      values={own ? actionData?.values : undefined}
    />
  );
}

export function LinkProblem({ state, message }: Gate) {
  switch (state) {
    case "closed":
      return (
        <SurveyMessage title="This survey has closed">
          <p>Thank you for your interest. The survey is no longer collecting answers.</p>
        </SurveyMessage>
      );
    case "not_open":
      return (
        <SurveyMessage title="This survey is not open yet">
          <p>Please try your link again later.</p>
        </SurveyMessage>
      );
    case "busy":
      return (
        <SurveyMessage title="Please try again in a moment">
          <p>
            The survey is very busy right now. Your saved answers are safe. Please reload this page in a few seconds.
          </p>
        </SurveyMessage>
      );
    case "rate_limited":
      return (
        <SurveyMessage title="Please wait a moment">
          <p>{message ?? "Too many requests. Please wait a few minutes and open your link again."}</p>
        </SurveyMessage>
      );
    default:
      return (
        <SurveyMessage title="We couldn't find this survey link">
          <p>
            The link may be incomplete or no longer valid. Please check that you copied the whole link from your email.
          </p>
        </SurveyMessage>
      );
  }
}

export function ErrorBoundary() {
  return (
    <SurveyMessage title="Something went wrong">
      <p>Your saved answers are safe. Please reload the page or open your link again in a moment.</p>
    </SurveyMessage>
  );
}
