/**
 * Anonymous panel link. GET shows a start button; the POST creates a fresh respondent (in
 * the link's segment, or for the screener to decide), starts their response and redirects to
 * their own /s/ link, which they can bookmark to resume. When the link's segment is full
 * (app/survey/quota.server.ts) the GET says so at once; a POST that loses the race for the last
 * place is recorded as over quota and sees the same end page on its /s/ link.
 */
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { SurveyError, SurveyMessage } from "../components/survey/SurveyPage.tsx";
import { createPanelRespondent } from "../respondents/panel.server.ts";
import {
  findPanelLink,
  findRespondentByToken,
  limitLinkRequests,
  recordLinkMiss,
  tooManyLinkRequests,
} from "../respondents/links.server.ts";
import { formPostAllowed, formToken, refusedFormPost } from "../survey/formToken.server.ts";
import { isRetryableDbError } from "../db.server.ts";
import { segmentFull } from "../survey/quota.server.ts";
import { startResponse, studyGate } from "../survey/save.server.ts";
import { browserStudyLanguage, studyNameIn, withLanguage } from "../survey/language.server.ts";
import { catalogLanguage, t } from "../i18n/index.ts";
import surveyStyles from "../styles/survey.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: surveyStyles }];
/** The tab title in the page's language: "<study> · Survey" on the start page (as on survey pages), else "Survey". */
export const meta: MetaFunction<typeof loader> = ({ data: d }) => {
  const page = d as { language?: string; studyName?: string } | undefined;
  return [
    {
      title: page?.studyName
        ? t(page.language, "survey.tabTitle", { study: page.studyName })
        : t(page?.language, "survey.title"),
    },
    { name: "robots", content: "noindex, nofollow" },
  ];
};

async function lookup(request: Request, token: string | undefined) {
  // without a study (unknown link, too many requests): the browser's language among the built-in catalogs
  const browser = catalogLanguage(request.headers.get("accept-language"));
  const wait = await limitLinkRequests(request);
  if (wait) return { link: null, response: tooManyLinkRequests(wait, browser) };
  const link = await findPanelLink(token);
  if (!link) {
    const w = await recordLinkMiss(request);
    return {
      link: null,
      response: w
        ? tooManyLinkRequests(w, browser)
        : data({ state: "invalid" as const, language: browser }, { status: 404 }),
    };
  }
  // with the study: the browser's language among the study's languages, as the survey itself will be
  const language = browserStudyLanguage(request, link.study);
  const gate = studyGate(link.study.status);
  if (gate !== "open")
    return { link: null, response: data({ state: gate, language }, { status: gate === "closed" ? 410 : 403 }) };
  return { link, response: null, language };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { link, response, language } = await lookup(request, params.token);
  if (!link) return response;
  if (link.segmentId && (await segmentFull(link.segmentId))) return { state: "over_quota" as const, language };
  return {
    state: "start" as const,
    language,
    studyName: await studyNameIn(link.study, language),
    formToken: formToken(new URL(request.url).pathname, "panel"),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  // without JavaScript on plain http the browser sends no Origin: the signed form token stands in
  if (!formPostAllowed(request, await request.formData())) throw refusedFormPost();
  const { link, response } = await lookup(request, params.token);
  if (!link) return response;
  const token = await createPanelRespondent(link);
  const respondent = await findRespondentByToken(token);
  try {
    // in the browser's language among the study's, as the start page was (the response keeps it)
    if (respondent) await startResponse(withLanguage(request, respondent));
  } catch (e) {
    // a busy database: their own link shows the start button, which starts them (or says the segment is full)
    if (!isRetryableDbError(e)) throw e;
    console.error(
      `panel link: database busy, start left to the survey page: ${(e as Error).message?.split("\n").at(-1)}`,
    );
  }
  return redirect(`/s/${token}`, 303);
}

export default function PanelStart() {
  const d = useLoaderData<typeof loader>() as {
    state: string;
    studyName?: string;
    language?: string;
    formToken?: string;
  };
  const language = d.language ?? "en";
  if (d.state === "start") {
    return (
      <SurveyMessage title={d.studyName ?? t(language, "survey.title")} language={language}>
        <p>{t(language, "panel.intro")}</p>
        <Form method="post">
          <input type="hidden" name="page" value="panel" />
          <input type="hidden" name="formToken" value={d.formToken} />
          <button type="submit">{t(language, "survey.start")}</button>
        </Form>
      </SurveyMessage>
    );
  }
  if (d.state === "over_quota")
    return (
      <SurveyMessage title={t(language, "end.overQuotaTitle")} language={language}>
        <p>{t(language, "panel.overQuota")}</p>
      </SurveyMessage>
    );
  if (d.state === "closed")
    return (
      <SurveyMessage title={t(language, "end.closedTitle")} language={language}>
        <p>{t(language, "end.closed")}</p>
      </SurveyMessage>
    );
  if (d.state === "not_open")
    return (
      <SurveyMessage title={t(language, "end.notOpenTitle")} language={language}>
        <p>{t(language, "end.notOpen")}</p>
      </SurveyMessage>
    );
  if (d.state === "rate_limited")
    return (
      <SurveyMessage title={t(language, "link.rateLimitedTitle")} language={language}>
        <p>{t(language, "link.rateLimited")}</p>
      </SurveyMessage>
    );
  return (
    <SurveyMessage title={t(language, "link.invalidTitle")} language={language}>
      <p>{t(language, "link.notFound")}</p>
    </SurveyMessage>
  );
}

/** Anything unexpected: a survey page that offers to try again on the same link. */
export function ErrorBoundary() {
  return <SurveyError />;
}
