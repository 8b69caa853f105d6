/**
 * Unsubscribe. GET shows a confirm button (so link scanners cannot unsubscribe anyone);
 * POST unsubscribes — also the RFC 8058 one-click POST ("List-Unsubscribe=One-Click") that
 * mail providers send from their own origin (app/security/http.server.ts lets exactly this
 * path through the origin checks). The token is the unsubscribe token, not the survey link.
 * Queued emails to this respondent are cancelled in the same transaction
 * (app/respondents/unsubscribe.server.ts).
 */
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { SurveyMessage } from "../components/survey/SurveyPage.tsx";
import { limitLinkRequests, recordLinkMiss, tooManyLinkRequests } from "../respondents/links.server.ts";
import { findUnsubscribeTarget, unsubscribeRespondent } from "../respondents/unsubscribe.server.ts";
import surveyStyles from "../styles/survey.css";
import { t } from "../i18n/index.ts";
import { negotiateLanguage, studyLanguages } from "../i18n/languages.ts";
import { db } from "../db.server.ts";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: surveyStyles }];
export const meta: MetaFunction = () => [{ title: "Unsubscribe" }, { name: "robots", content: "noindex, nofollow" }];

async function lookup(request: Request, token: string | undefined) {
  const wait = await limitLinkRequests(request);
  if (wait) return { respondent: null, response: tooManyLinkRequests(wait) };
  const respondent = await findUnsubscribeTarget(token);
  if (!respondent) {
    const w = await recordLinkMiss(request);
    return {
      respondent: null,
      response: w ? tooManyLinkRequests(w) : data({ state: "invalid" as const }, { status: 404 }),
    };
  }
  return { respondent, response: null };
}

/** The page's language (the respondent's, else the browser's among the study's) and the study name in it. */
async function localized(request: Request, r: NonNullable<Awaited<ReturnType<typeof findUnsubscribeTarget>>>) {
  const fallback = r.defaultLanguage ?? "en";
  const language = negotiateLanguage({
    chosen: r.language || null,
    acceptLanguage: request.headers.get("accept-language"),
    available: studyLanguages(fallback, r.languages ?? "[]"),
    fallback,
  });
  if (language === fallback || !r.studyId) return { language, studyName: r.studyName };
  const row = await db.translation.findUnique({
    where: { studyId_language_key: { studyId: r.studyId, language, key: "study:name" } },
    select: { text: true },
  });
  return { language, studyName: row?.text || r.studyName };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { respondent, response } = await lookup(request, params.token);
  if (!respondent) return response;
  return {
    state: respondent.unsubscribedAt ? ("done" as const) : ("confirm" as const),
    ...(await localized(request, respondent)),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { respondent, response } = await lookup(request, params.token);
  if (!respondent) return response;
  if (!respondent.unsubscribedAt) await unsubscribeRespondent(respondent.id);
  return { state: "done" as const, ...(await localized(request, respondent)) };
}

export default function Unsubscribe() {
  const loaderData = useLoaderData<typeof loader>() as {
    state: string;
    studyName?: string;
    message?: string;
    language?: string;
  };
  const actionData = useActionData<typeof action>() as { state: string; language?: string } | undefined;
  const state = actionData?.state ?? loaderData.state;
  const language = actionData?.language ?? loaderData.language ?? "en";
  if (state === "done") {
    return (
      <SurveyMessage title={t(language, "unsubscribe.doneTitle")} language={language}>
        <p>{t(language, "unsubscribe.done")}</p>
      </SurveyMessage>
    );
  }
  if (state === "confirm") {
    return (
      <SurveyMessage title={t(language, "unsubscribe.title")} language={language}>
        <p>{t(language, "unsubscribe.question", { study: loaderData.studyName ?? "" })}</p>
        <Form method="post">
          <button type="submit">{t(language, "unsubscribe.button")}</button>
        </Form>
      </SurveyMessage>
    );
  }
  if (state === "rate_limited") {
    return (
      <SurveyMessage title="Please wait a moment">
        <p>{loaderData.message}</p>
      </SurveyMessage>
    );
  }
  return (
    <SurveyMessage title="We couldn't find this link">
      <p>The link may be incomplete or no longer valid.</p>
    </SurveyMessage>
  );
}
