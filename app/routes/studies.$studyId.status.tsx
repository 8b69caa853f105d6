/**
 * Closing and reopening a study, each behind a confirm page that says what will happen (a
 * plain form: works without JavaScript). GET shows the question, POST does it.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireStudyAccess } from "../auth/permissions.server.ts";
import { FormError } from "../components/ui/Field.tsx";
import { StudyStatus } from "../domain/status.ts";
import { closeStudy, reopenStudy, statusChangeImpact } from "../studies/launch.server.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { studyId } = await requireStudyAccess(request, params.studyId, "edit");
  return statusChangeImpact(studyId);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { studyId } = await requireStudyAccess(request, params.studyId, "edit");
  const intent = String((await request.formData()).get("intent") ?? "");
  const r =
    intent === "close"
      ? await closeStudy(studyId)
      : intent === "reopen"
        ? await reopenStudy(studyId)
        : ({ ok: false, message: "Unknown action.", status: 400 } as const);
  if (!r.ok) return data({ error: r.message }, { status: r.status });
  throw redirect(`/studies/${studyId}/build?saved=${intent === "close" ? "closed" : "reopened"}`);
}

function plural(n: number, one: string, many: string) {
  return `${n} ${n === 1 ? one : many}`;
}

export default function StudyStatusChange() {
  const { status, midSurvey, completed, waitingEmails } = useLoaderData<typeof loader>();
  const actionData = useActionData() as { error?: string } | undefined;
  if (status === StudyStatus.draft)
    return (
      <section className="card">
        <h2>This study is a draft</h2>
        <p>
          A draft cannot be closed. <Link to="../build">Launch it from the Build tab</Link> when it is ready.
        </p>
      </section>
    );
  const closing = status === StudyStatus.live;
  return (
    <section className="card confirm" aria-labelledby="confirm-h">
      <h2 id="confirm-h">{closing ? "Close the study?" : "Reopen the study?"}</h2>
      <FormError error={actionData?.error} />
      {closing ? (
        <ul>
          <li>
            {midSurvey === 0
              ? "Nobody is in the middle of the survey."
              : `${plural(midSurvey, "respondent is", "respondents are")} mid-survey and will see "This survey has closed"; their answers so far are kept.`}
          </li>
          <li>New visitors to respondent and panel links will see "This survey has closed".</li>
          <li>
            {waitingEmails === 0
              ? "No invitations or reminders are waiting to be sent."
              : `${plural(waitingEmails, "email is", "emails are")} waiting to be sent and will be cancelled.`}
          </li>
          <li>{plural(completed, "completed response stays", "completed responses stay")} in the results.</li>
        </ul>
      ) : (
        <ul>
          <li>Respondent and panel links work again; people who had started can continue where they stopped.</li>
          <li>The decision rules and the MaxDiff design stay locked as launched.</li>
          <li>Emails cancelled while the study was closed are not sent; queue reminders again if needed.</li>
        </ul>
      )}
      <Form method="post" className="actions">
        <input type="hidden" name="intent" value={closing ? "close" : "reopen"} />
        <button type="submit" className={closing ? "danger" : undefined}>
          {closing ? "Close the study" : "Reopen the study"}
        </button>
        <Link to="../build">Cancel</Link>
      </Form>
    </section>
  );
}
