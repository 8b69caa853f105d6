import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireStudyAccess } from "../auth/permissions.server.ts";
import { AnalysisSections } from "../components/results/AnalysisSections.tsx";
import { Competitors } from "../components/results/Competitors.tsx";
import { NeedsSegments } from "../components/results/NeedsSegments.tsx";
import { PrintButton } from "../components/results/PrintButton.tsx";
import { RespondentQuality } from "../components/results/RespondentQuality.tsx";
import { Simulator } from "../components/results/Simulator.tsx";
import { studyAnalysis } from "../results/analysis.server.ts";
import { buildStudyExport, documentHash } from "../results/exportDocument.server.ts";
import { interimFor } from "../results/interim.server.ts";
import { ensureLatentClass } from "../results/latentClass.server.ts";
import { resultsView } from "../results/view.server.ts";
import { scorecardView } from "../results/scorecardView.server.ts";
import { segmentationParam } from "../results/segmentation.server.ts";
import { qualityView } from "../results/quality.server.ts";
import resultsStyles from "../styles/results.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: resultsStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.view.study.name ?? "Study"} · Report` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { studyId, canEdit } = await requireStudyAccess(request, params.studyId, "view");
  const url = new URL(request.url);
  const segmentation = await segmentationParam(studyId, url); // ?segmentation=<id>: a saved segmentation
  const { doc, result, hb } = await studyAnalysis(studyId, segmentation); // also starts the background HB run
  const declared = segmentation ? await buildStudyExport(studyId) : doc;
  const view = resultsView(doc, result, {
    segment: url.searchParams.get("segment") || null,
    bundle: [],
    findBest: false,
    hb,
    canEdit,
    segmentationId: segmentation?.id ?? null,
  });
  return {
    view,
    // while fielding, the same interim verdicts and fielding line as the results page
    interim: await interimFor(studyId, doc, result.hypotheses, segmentation),
    scorecard: scorecardView(doc, result, view.segment),
    // the same section as the results page: editors see who a pseudonym is, viewers pseudonyms only
    quality: await qualityView(studyId, doc, result, { segment: view.segment, canEdit }),
    // "Segments in the data" as on the results page (the latent-class run of the declared segments' document)
    needsSegments: await ensureLatentClass(studyId, documentHash(declared), declared),
    generatedAt: new Date().toISOString().slice(0, 10),
  };
}

/** A printable report: the same sections as the results page, without the interactive parts. */
export default function Report() {
  const { view, interim, quality, scorecard, needsSegments, generatedAt } = useLoaderData<typeof loader>();
  return (
    <div className="stack report">
      <div className="report-head">
        <p className="muted">
          Report generated {generatedAt}. Print it or save it as PDF with your browser's Print command.
        </p>
        <PrintButton />
      </div>
      <AnalysisSections view={view} interim={interim} />
      {view.empty ? null : <RespondentQuality q={quality} />}
      {view.empty ? null : <Competitors view={scorecard} studyId={view.study.id} exportQuery={view.exportQuery} />}
      {view.empty ? null : <NeedsSegments state={needsSegments} />}
      {view.empty ? null : <Simulator view={view} readOnly />}
    </div>
  );
}
