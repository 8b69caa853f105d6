import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { requireStudyAccess } from "../auth/permissions.server.ts";
import { AnalysisSections } from "../components/results/AnalysisSections.tsx";
import { HbNotice } from "../components/results/HbNotice.tsx";
import { NeedsSegments } from "../components/results/NeedsSegments.tsx";
import { SegmentFilter } from "../components/results/SegmentFilter.tsx";
import { Simulator } from "../components/results/Simulator.tsx";
import { studyAnalysis } from "../results/analysis.server.ts";
import { resultsView } from "../results/view.server.ts";
import { documentHash } from "../results/exportDocument.server.ts";
import { ensureLatentClass } from "../results/latentClass.server.ts";
import resultsStyles from "../styles/results.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: resultsStyles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { studyId } = await requireStudyAccess(request, params.studyId, "view");
  const url = new URL(request.url);
  const { doc, result, hb } = await studyAnalysis(studyId);
  const needsSegments = await ensureLatentClass(studyId, documentHash(doc), doc);
  const view = resultsView(doc, result, {
    segment: url.searchParams.get("segment") || null,
    bundle: url.searchParams.getAll("f"),
    findBest: url.searchParams.get("best") === "1",
    hb,
  });
  return { ...view, needsSegments };
}

/** While Hierarchical Bayes runs in the background, re-run the loader every 2 s (with JavaScript; without it, the notice's Refresh link). */
function useHbPolling(running: boolean) {
  const revalidator = useRevalidator();
  const idle = revalidator.state === "idle";
  useEffect(() => {
    if (!running || !idle) return;
    const timer = setTimeout(() => revalidator.revalidate(), 2_000);
    return () => clearTimeout(timer);
  }, [running, idle, revalidator]);
}

export default function Results() {
  const view = useLoaderData<typeof loader>();
  useHbPolling(view.hb?.state === "running" || view.needsSegments.state === "running");
  const base = `/studies/${view.study.id}/export`;
  return (
    <div className="stack results">
      <SegmentFilter view={view} />
      <HbNotice view={view} />
      <AnalysisSections view={view} />
      <NeedsSegments state={view.needsSegments} />
      <Simulator view={view} />
      <section className="card" aria-labelledby="dl-h">
        <h2 id="dl-h">Exports</h2>
        <p className="muted">
          The CSVs are the research CLI's input formats: <code>npm run research -- study study.json --json</code>{" "}
          reproduces every number on this page.
        </p>
        <ul className="downloads">
          <li>
            <a href={`${base}/study.json`} download>
              Full analysis input (JSON)
            </a>
          </li>
          <li>
            <a href={`${base}/responses.csv`} download>
              Raw responses (CSV, one row per respondent)
            </a>
          </li>
          <li>
            <a href={`${base}/maxdiff.csv`} download>
              MaxDiff answers (CSV, long format)
            </a>
          </li>
          <li>
            <a href={`${base}/van-westendorp.csv`} download>
              Van Westendorp answers (CSV)
            </a>
          </li>
          <li>
            <a href={`${base}/concept-test.csv`} download>
              Concept test ratings (CSV)
            </a>
          </li>
          <li>
            <Link
              to={`/studies/${view.study.id}/report${view.segment ? `?segment=${encodeURIComponent(view.segment)}` : ""}`}
            >
              Printable report
            </Link>
          </li>
        </ul>
      </section>
    </div>
  );
}
