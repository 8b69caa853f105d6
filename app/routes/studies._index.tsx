import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "../auth/session.server.ts";
import { listStudies } from "../studies/queries.server.ts";

export const meta: MetaFunction = () => [{ title: "Studies · Valuestack" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { user: { role: user.role }, studies: await listStudies(user.id) };
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
          {user.role === "researcher" ? ": create one to get started." : ". A researcher can share a study with you."}
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
