import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { requireStudyAccess } from "../auth/permissions.server.ts";
import { AnalysisSections } from "../components/results/AnalysisSections.tsx";
import { HbNotice } from "../components/results/HbNotice.tsx";
import { NeedsSegments } from "../components/results/NeedsSegments.tsx";
import { SegmentFilter } from "../components/results/SegmentFilter.tsx";
import { Simulator } from "../components/results/Simulator.tsx";
import { WeightingNote } from "../components/results/WeightingNote.tsx";
import { Competitors } from "../components/results/Competitors.tsx";
import { scorecardView } from "../results/scorecardView.server.ts";
import { studyAnalysis } from "../results/analysis.server.ts";
import { resultsView } from "../results/view.server.ts";
import { documentHash } from "../results/exportDocument.server.ts";
import { ensureLatentClass } from "../results/latentClass.server.ts";
import resultsStyles from "../styles/results.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: resultsStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.study.name ?? "Study"} · Results${data?.segment ? ` · ${data.segmentNames[data.segment]}` : ""}` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { studyId, canEdit } = await requireStudyAccess(request, params.studyId, "view");
  const url = new URL(request.url);
  const { doc, result, hb } = await studyAnalysis(studyId);
  const needsSegments = await ensureLatentClass(studyId, documentHash(doc), doc);
  const view = resultsView(doc, result, {
    segment: url.searchParams.get("segment") || null,
    bundle: url.searchParams.getAll("f"),
    findBest: url.searchParams.get("best") === "1",
    size: Number(url.searchParams.get("size")) || null,
    hb,
    canEdit,
  });
  return { ...view, needsSegments, scorecard: scorecardView(doc, result, view.segment) };
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
  const report = `/studies/${view.study.id}/report${view.segment ? `?segment=${encodeURIComponent(view.segment)}` : ""}`;
  return (
    <div className="stack results">
      <SegmentFilter view={view} />
      {view.empty ? null : <HbNotice view={view} />}
      {view.empty ? null : <WeightingNote view={view} />}
      <AnalysisSections view={view} />
      {view.empty ? null : <Competitors view={view.scorecard} studyId={view.study.id} canEdit={view.canEdit} />}
      {view.empty ? null : <NeedsSegments state={view.needsSegments} />}
      {view.empty ? null : <Simulator view={view} />}
      <section className="card" aria-labelledby="dl-h">
        <h2 id="dl-h">Exports</h2>
        {view.empty ? null : (
          <>
            <h3>Results (computed)</h3>
            <ul className="downloads">
              <li>
                <a href={`${base}/results.json`} download>
                  All results (JSON): decisions, price bands, MaxDiff shares, value map, hypotheses, concept test
                </a>
              </li>
              <li>
                <a href={`${base}/price-bands.csv`} download>
                  Price bands (CSV)
                </a>
              </li>
              <li>
                <a href={`${base}/maxdiff-shares.csv`} download>
                  MaxDiff utilities and shares per segment (CSV)
                </a>
              </li>
              <li>
                <a href={`${base}/value-map.csv`} download>
                  Value map (CSV)
                </a>
              </li>
              <li>
                <a href={`${base}/hypotheses.csv`} download>
                  Hypothesis verdicts with evidence (CSV)
                </a>
              </li>
              <li>
                <a href={`${base}/concept-cells.csv`} download>
                  Concept-test cells (CSV)
                </a>
              </li>
              <li>
                <Link to={report}>Printable report</Link>
              </li>
            </ul>
          </>
        )}
        <h3>Answers (the analysis input)</h3>
        {view.canEdit ? (
          <p className="muted">
            The answer files are the research command line's input formats:{" "}
            <code>npm run research -- study study.json --json</code> reproduces every number on this page.
          </p>
        ) : (
          <p className="muted">The answer files hold every respondent's answers, without names or email addresses.</p>
        )}
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
        </ul>
      </section>
    </div>
  );
}
