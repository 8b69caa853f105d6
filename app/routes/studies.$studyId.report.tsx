import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireStudyAccess } from "../auth/permissions.server.ts";
import { AnalysisSections } from "../components/results/AnalysisSections.tsx";
import { studyAnalysis } from "../results/analysis.server.ts";
import { resultsView } from "../results/view.server.ts";
import resultsStyles from "../styles/results.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: resultsStyles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { studyId } = await requireStudyAccess(request, params.studyId, "view");
  const url = new URL(request.url);
  const { doc, result, hb } = await studyAnalysis(studyId); // also starts the background HB run if none is stored
  return {
    view: resultsView(doc, result, {
      segment: url.searchParams.get("segment") || null,
      bundle: [],
      findBest: false,
      hb,
    }),
    generatedAt: new Date().toISOString().slice(0, 10),
  };
}

/** A printable report: the same sections as the results page, without the interactive parts. */
export default function Report() {
  const { view, generatedAt } = useLoaderData<typeof loader>();
  return (
    <div className="stack report">
      <p className="muted">Report generated {generatedAt}. Use your browser's Print command to save it as PDF.</p>
      <AnalysisSections view={view} />
    </div>
  );
}
