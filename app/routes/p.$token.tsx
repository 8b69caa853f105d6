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
import surveyStyles from "../styles/survey.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: surveyStyles }];
export const meta: MetaFunction = () => [{ title: "Survey" }, { name: "robots", content: "noindex, nofollow" }];

async function lookup(request: Request, token: string | undefined) {
  const wait = await limitLinkRequests(request);
  if (wait) return { link: null, response: tooManyLinkRequests(wait) };
  const link = await findPanelLink(token);
  if (!link) {
    const w = await recordLinkMiss(request);
    return { link: null, response: w ? tooManyLinkRequests(w) : data({ state: "invalid" as const }, { status: 404 }) };
  }
  const gate = studyGate(link.study.status);
  if (gate !== "open")
    return { link: null, response: data({ state: gate }, { status: gate === "closed" ? 410 : 403 }) };
  return { link, response: null };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { link, response } = await lookup(request, params.token);
  if (!link) return response;
  if (link.segmentId && (await segmentFull(link.segmentId))) return { state: "over_quota" as const };
  return {
    state: "start" as const,
    studyName: link.study.name,
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
    if (respondent) await startResponse(respondent);
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
    message?: string;
    formToken?: string;
  };
  if (d.state === "start") {
    return (
      <SurveyMessage title={d.studyName ?? "Survey"}>
        <p>
          Thank you for taking part. Your answers are saved on every page; after you start, bookmark the page to
          continue later.
        </p>
        <Form method="post">
          <input type="hidden" name="page" value="panel" />
          <input type="hidden" name="formToken" value={d.formToken} />
          <button type="submit">Start the survey</button>
        </Form>
      </SurveyMessage>
    );
  }
  if (d.state === "over_quota")
    return (
      <SurveyMessage title="Thank you — we already have enough answers from people like you">
        <p>There are no questions for you. Nothing else is needed; you can close this page.</p>
      </SurveyMessage>
    );
  if (d.state === "closed")
    return (
      <SurveyMessage title="This survey has closed">
        <p>Thank you for your interest.</p>
      </SurveyMessage>
    );
  if (d.state === "not_open")
    return (
      <SurveyMessage title="This survey is not open yet">
        <p>Please try again later.</p>
      </SurveyMessage>
    );
  if (d.state === "rate_limited")
    return (
      <SurveyMessage title="Please wait a moment">
        <p>{d.message}</p>
      </SurveyMessage>
    );
  return (
    <SurveyMessage title="We couldn't find this survey link">
      <p>The link may be incomplete or no longer valid.</p>
    </SurveyMessage>
  );
}

/** Anything unexpected: a survey page that offers to try again on the same link. */
export function ErrorBoundary() {
  return <SurveyError />;
}
