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
import { catalogLanguage, t } from "../i18n/index.ts";
import { negotiateLanguage, studyLanguages } from "../i18n/languages.ts";
import { studyNameIn } from "../survey/language.server.ts";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: surveyStyles }];
/** The tab title in the page's language. */
export const meta: MetaFunction<typeof loader> = ({ data: d }) => [
  { title: t((d as { language?: string } | undefined)?.language, "unsubscribe.title") },
  { name: "robots", content: "noindex, nofollow" },
];

async function lookup(request: Request, token: string | undefined) {
  // without a respondent (unknown link, too many requests): the browser's language among the built-in catalogs
  const language = catalogLanguage(request.headers.get("accept-language"));
  const wait = await limitLinkRequests(request);
  if (wait) return { respondent: null, response: tooManyLinkRequests(wait, language) };
  const respondent = await findUnsubscribeTarget(token);
  if (!respondent) {
    const w = await recordLinkMiss(request);
    return {
      respondent: null,
      response: w ? tooManyLinkRequests(w, language) : data({ state: "invalid" as const, language }, { status: 404 }),
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
  if (!r.studyId) return { language, studyName: r.studyName };
  const studyName = await studyNameIn({ id: r.studyId, name: r.studyName, defaultLanguage: fallback }, language);
  return { language, studyName };
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
      <SurveyMessage title={t(language, "link.rateLimitedTitle")} language={language}>
        <p>{t(language, "link.rateLimited")}</p>
      </SurveyMessage>
    );
  }
  return (
    <SurveyMessage title={t(language, "link.notFoundTitle")} language={language}>
      <p>{t(language, "link.notFound")}</p>
    </SurveyMessage>
  );
}
