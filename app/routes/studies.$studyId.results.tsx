import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useLocation, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { requireStudyAccess } from "../auth/permissions.server.ts";
import { AnalysisSections } from "../components/results/AnalysisSections.tsx";
import { HbNotice } from "../components/results/HbNotice.tsx";
import { NeedsSegments } from "../components/results/NeedsSegments.tsx";
import { RespondentQuality } from "../components/results/RespondentQuality.tsx";
import { SegmentFilter } from "../components/results/SegmentFilter.tsx";
import { Simulator } from "../components/results/Simulator.tsx";
import { WeightingNote } from "../components/results/WeightingNote.tsx";
import { RemoveSegmentation, SaveSegmentation, SegmentationPicker } from "../components/results/Segmentations.tsx";
import { saveSegmentationAction, segmentationLoader } from "../results/segmentationRoute.server.ts";
import { Competitors } from "../components/results/Competitors.tsx";
import { scorecardView } from "../results/scorecardView.server.ts";
import { studyAnalysis } from "../results/analysis.server.ts";
import { resultsView } from "../results/view.server.ts";
import { buildStudyExport, documentHash } from "../results/exportDocument.server.ts";
import { ensureLatentClass } from "../results/latentClass.server.ts";
import { interimFor } from "../results/interim.server.ts";
import { qualityView } from "../results/quality.server.ts";
import { priceBookFor } from "../results/priceBookObjective.server.ts";
import { parseResultsQuery } from "../results/resultsQuery.ts";
import resultsStyles from "../styles/results.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: resultsStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.study.name ?? "Study"} · Results${data?.segment ? ` · ${data.segmentNames[data.segment]}` : ""}` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { studyId, canEdit } = await requireStudyAccess(request, params.studyId, "view");
  const url = new URL(request.url);
  const seg = await segmentationLoader(studyId, url);
  const { doc, result: analysed, hb } = await studyAnalysis(studyId, seg.segmentation);
  const declared = seg.segmentation ? await buildStudyExport(studyId) : doc;
  const needsSegments = await ensureLatentClass(studyId, documentHash(declared), declared);
  const q = parseResultsQuery(url.searchParams);
  const priceBook = await priceBookFor(studyId, doc, analysed, q.objective, q.minHappy);
  const result = priceBook === analysed.priceBook ? analysed : { ...analysed, priceBook };
  const view = resultsView(doc, result, {
    segment: q.segment,
    bundle: q.bundle,
    findBest: q.findBest,
    size: q.size,
    hb,
    canEdit,
    segmentationId: seg.segmentation?.id ?? null,
    query: q,
  });
  const interim = await interimFor(studyId, doc, result.hypotheses, seg.segmentation);
  const quality = await qualityView(studyId, doc, result, { segment: view.segment, canEdit });
  return {
    ...view,
    needsSegments,
    interim,
    quality,
    scorecard: scorecardView(doc, result, view.segment),
    segmentations: seg.segmentations,
    saveClasses: seg.saveClasses,
  };
}

/** Saves a latent-class solution as a segmentation (editors; viewers get 403), then shows the page by it. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { studyId } = await requireStudyAccess(request, params.studyId, "edit");
  const r = await saveSegmentationAction(studyId, await request.formData());
  if (r.ok) throw redirect(`/studies/${studyId}/results${r.id ? `?segmentation=${encodeURIComponent(r.id)}` : ""}`);
  return r.feedback;
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
  const feedback = useActionData<typeof action>();
  const location = useLocation();
  useHbPolling(view.hb?.state === "running" || view.needsSegments.state === "running");
  const base = `/studies/${view.study.id}/export`;
  const reportQuery = new URLSearchParams();
  if (view.segmentation) reportQuery.set("segmentation", view.segmentation.id);
  if (view.segment) reportQuery.set("segment", view.segment);
  const report = `/studies/${view.study.id}/report${reportQuery.size ? `?${reportQuery}` : ""}`;
  const q = view.exportQuery;
  // results.json carries the price book for the objective chosen on the page (`study --price-book-objective`)
  const rq = new URLSearchParams(q.slice(1));
  if (view.controls.objective !== "happy") rq.set("objective", view.controls.objective);
  if (view.controls.objective === "revenue-with-happy-floor") rq.set("minHappy", view.controls.minHappy);
  return (
    <div className="stack results">
      <SegmentationPicker view={view} segmentations={view.segmentations} />
      <RemoveSegmentation view={view} />
      <SegmentFilter view={view} />
      {view.empty ? null : <HbNotice view={view} />}
      {view.empty ? null : <WeightingNote view={view} />}
      <AnalysisSections view={view} interim={view.interim} />
      {view.empty ? null : <RespondentQuality q={view.quality} />}
      {view.empty ? null : (
        <Competitors
          view={view.scorecard}
          studyId={view.study.id}
          canEdit={view.canEdit}
          exportQuery={view.exportQuery}
        />
      )}
      {view.empty ? null : <NeedsSegments state={view.needsSegments} />}
      {view.empty || !view.canEdit ? null : (
        <SaveSegmentation
          state={view.needsSegments}
          saveClasses={view.saveClasses}
          feedback={feedback}
          search={location.search}
        />
      )}
      {view.empty ? null : <Simulator view={view} />}
      <section className="card" aria-labelledby="dl-h">
        <h2 id="dl-h">Exports</h2>
        {view.empty ? null : (
          <>
            <h3>Results (computed)</h3>
            <ul className="downloads">
              <li>
                <a href={`${base}/results.json${rq.size ? `?${rq}` : ""}`} download>
                  All results (JSON): decisions, price bands, MaxDiff shares, value map, hypotheses, concept test,
                  competitors
                </a>
              </li>
              <li>
                <a href={`${base}/price-bands.csv${q}`} download>
                  Price bands (CSV)
                </a>
              </li>
              <li>
                <a href={`${base}/maxdiff-shares.csv${q}`} download>
                  MaxDiff utilities and shares per segment (CSV)
                </a>
              </li>
              <li>
                <a href={`${base}/value-map.csv${q}`} download>
                  Value map (CSV)
                </a>
              </li>
              {view.scorecard ? (
                <li>
                  <a href={`${base}/scorecard.csv${q}`} download>
                    Competitors: value scorecard per segment, product and driver (CSV)
                  </a>
                </li>
              ) : null}
              <li>
                <a href={`${base}/hypotheses.csv${q}`} download>
                  Hypothesis verdicts with evidence (CSV)
                </a>
              </li>
              <li>
                <a href={`${base}/concept-cells.csv${q}`} download>
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
            <code>
              npm run research -- study study.json
              {view.segmentation ? ` --segmentation ${JSON.stringify(view.segmentation.name)}` : ""} --json
            </code>{" "}
            reproduces every number on this page.
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
            <a href={`${base}/responses.csv${q}`} download>
              Raw responses (CSV, one row per respondent)
            </a>
          </li>
          <li>
            <a href={`${base}/maxdiff.csv${q}`} download>
              MaxDiff answers (CSV, long format)
            </a>
          </li>
          <li>
            <a href={`${base}/van-westendorp.csv${q}`} download>
              Van Westendorp answers (CSV)
            </a>
          </li>
          <li>
            <a href={`${base}/concept-test.csv${q}`} download>
              Concept test ratings (CSV)
            </a>
          </li>
          {view.gaborGranger ? (
            <li>
              <a href={`${base}/gabor-granger.csv${q}`} download>
                Gabor–Granger answers (CSV)
              </a>
            </li>
          ) : null}
        </ul>
      </section>
    </div>
  );
}
