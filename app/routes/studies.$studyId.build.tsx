import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { requireStudyAccess } from "../auth/permissions.server.ts";
import { studyStatus } from "../studies/lock.server.ts";
import builderStyles from "../styles/builder.css";
import { StudyStatus } from "../domain/status.ts";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: builderStyles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { studyId } = await requireStudyAccess(request, params.studyId, "edit");
  return { status: await studyStatus(studyId) };
}

const SECTIONS = [
  { to: ".", label: "Study & launch" },
  { to: "segments", label: "Segments" },
  { to: "maxdiff", label: "MaxDiff" },
  { to: "hypotheses", label: "Hypotheses & concepts" },
  { to: "pricing", label: "Pricing" },
  { to: "planner", label: "Sample size" },
  { to: "languages", label: "Languages" },
  { to: "quality", label: "Quality" },
  { to: "competitors", label: "Competitors" },
];

export default function BuildLayout() {
  const { status } = useLoaderData<typeof loader>();
  return (
    <div>
      <nav aria-label="Builder steps">
        <ol className="builder-nav">
          {SECTIONS.map((s) => (
            <li key={s.to}>
              <NavLink to={s.to} end={s.to === "."}>
                {s.label}
              </NavLink>
            </li>
          ))}
          <li>
            <NavLink to="../preview">Preview</NavLink>
          </li>
        </ol>
      </nav>
      {status !== StudyStatus.draft ? (
        <p className="warning" role="note">
          This study is {status}. Questions, concepts, MaxDiff items and design, decision rules, segment keys and the
          respondent-quality gate are locked so the collected data stays valid; you can still rename the study and
          adjust segment names and targets.
        </p>
      ) : null}
      <Outlet />
    </div>
  );
}
