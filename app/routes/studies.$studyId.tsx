import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { requireStudyAccess } from "../auth/permissions.server.ts";
import { studyHeader } from "../studies/queries.server.ts";
import { studyTabs } from "../studies/tabs.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.study.name ?? "Study"} · Valuestack` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireStudyAccess(request, params.studyId);
  return { study: await studyHeader(access.studyId), role: access.role, canEdit: access.canEdit };
}

export default function StudyLayout() {
  const { study, canEdit } = useLoaderData<typeof loader>();
  return (
    <div>
      <p className="muted">
        <NavLink to="/studies">Studies</NavLink> /
      </p>
      <h1>
        {study.name} <span className={`badge ${study.status}`}>{study.status}</span>
      </h1>
      <nav className="tabs" aria-label="Study sections">
        {studyTabs
          .filter((t) => canEdit || !t.editorsOnly)
          .map((t) => (
            <NavLink key={t.to} to={t.to} end={t.to === "."}>
              {t.label}
            </NavLink>
          ))}
      </nav>
      <Outlet />
    </div>
  );
}
