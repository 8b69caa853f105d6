import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Link,
  NavLink,
  Outlet,
  useLoaderData,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { requireStudyAccess } from "../auth/permissions.server.ts";
import { parseStudyStatus, type StudyRole, type StudyStatus } from "../domain/status.ts";
import { studyHeader } from "../studies/queries.server.ts";
import { STUDY_LAYOUT_ROUTE, studyPageTitle, studyTabs } from "../studies/tabs.ts";

/** One title per study page (child routes without a meta of their own get their section's name). */
export const meta: MetaFunction<typeof loader> = ({ data, location, error }) => [
  {
    title: error
      ? [
          data?.study.name ?? "Study",
          isRouteErrorResponse(error) && error.status === 404 ? "Not found" : "Error",
          "Valuestack",
        ].join(" · ")
      : studyPageTitle(location.pathname, data?.study.name ?? null),
  },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireStudyAccess(request, params.studyId);
  const study = await studyHeader(access.studyId);
  return {
    study: { ...study, status: parseStudyStatus(study.status) },
    role: access.role,
    canEdit: access.canEdit,
    canManage: access.canManage,
  };
}

type LayoutData = {
  study: { id: string; name: string; status: StudyStatus };
  role: StudyRole;
  canEdit: boolean;
  canManage: boolean;
};

const ROLE_NOTE: Record<StudyRole, string | null> = {
  owner: null,
  editor: "Shared with you as editor",
  viewer: "Shared with you as viewer: you can read the study and its results",
};

function StudyChrome({ data }: { data: LayoutData }) {
  const { study, canEdit, canManage, role } = data;
  const note = ROLE_NOTE[role];
  return (
    <>
      <p className="muted">
        <NavLink to="/studies">Studies</NavLink> /{note ? ` ${note}` : null}
      </p>
      <h1>
        {study.name} <span className={`badge ${study.status}`}>{study.status}</span>
      </h1>
      <nav className="tabs" aria-label="Study sections">
        {studyTabs
          .filter((t) => (canEdit || !t.editorsOnly) && (canManage || !t.ownerOnly))
          .filter((t) => !t.launchedOnly || study.status !== "draft")
          .map((t) => (
            <NavLink key={t.to} to={`/studies/${study.id}${t.to === "." ? "" : `/${t.to}`}`} end={t.to === "."}>
              {t.label}
            </NavLink>
          ))}
      </nav>
    </>
  );
}

export default function StudyLayout() {
  const data = useLoaderData<typeof loader>();
  return (
    <div>
      <StudyChrome data={data} />
      <Outlet />
    </div>
  );
}

/**
 * An error inside a study (an unknown hypothesis, a refused edit, a failed load) keeps the
 * study's navigation when the study itself loaded; otherwise it says the study is not found.
 */
export function ErrorBoundary() {
  const error = useRouteError();
  const data = useRouteLoaderData<typeof loader>(STUDY_LAYOUT_ROUTE) as LayoutData | undefined;
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const message = isRouteErrorResponse(error)
    ? ((error.data as { message?: string } | undefined)?.message ?? error.statusText)
    : "Something went wrong. Nothing you saved was lost; try again.";
  const heading = status === 404 ? "Not found" : status === 403 ? "Not allowed" : "Something went wrong";
  return (
    <div>
      {data ? <StudyChrome data={data} /> : null}
      <section className="card error-card" aria-labelledby="study-error-h">
        <h2 id="study-error-h">{heading}</h2>
        <p role="alert">{message}</p>
        <p>
          {data ? <Link to={`/studies/${data.study.id}`}>Back to the study overview</Link> : null}
          {data ? " · " : null}
          <Link to="/studies">All studies</Link>
        </p>
      </section>
    </div>
  );
}
