import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "../auth/session.server.ts";
import { acceptRememberedInvite } from "../members/inviteCookie.server.ts";
import { parseStudyStatus } from "../domain/status.ts";
import { listStudies } from "../studies/queries.server.ts";

export const meta: MetaFunction = () => [{ title: "Studies · Valuestack" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  // An invitation link opened before signing up: accept it now and open the study.
  const invite = await acceptRememberedInvite(request, user.id);
  if (invite)
    throw redirect(invite.studyId ? `/studies/${invite.studyId}` : "/studies", {
      headers: { "Set-Cookie": invite.setCookie },
    });
  return {
    user: { role: user.role },
    studies: (await listStudies(user.id)).map((s) => ({ ...s, status: parseStudyStatus(s.status) })),
  };
}

export default function Studies() {
  const { user, studies } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <div className="actions">
        <h1>Studies</h1>
        {user.role === "researcher" ? (
          <Link className="button" to="/studies/new">
            New study
          </Link>
        ) : null}
      </div>
      {studies.length === 0 ? (
        <p className="card">
          No studies yet
          {user.role === "researcher"
            ? ": create one to get started, or ask a colleague to add you to theirs."
            : ". When a researcher adds you to a study (Members tab of the study), it appears here."}
        </p>
      ) : (
        <ul className="grid" aria-label="Your studies">
          {studies.map((s) => (
            <li key={s.id} className="card">
              <h2>
                <Link to={`/studies/${s.id}`}>{s.name}</Link>
              </h2>
              <p>
                <span className={`badge ${s.status}`}>{s.status}</span> · {s.segments} segments · {s.completed}{" "}
                completed of {s.respondents} respondents
              </p>
              <p className="muted">{s.mine ? "Yours" : `Shared by ${s.owner}`}</p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
