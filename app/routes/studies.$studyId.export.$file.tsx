/**
 * Downloads: the study export document (JSON, the `research study` input, every respondent) and
 * the CSVs in the CLI's input formats, each holding the respondents its method's results use (the
 * quality gate's exclusions left out; responses.csv lists everyone with their flags); the computed results (the same analyseStudy() result the page
 * shows) as CSV and JSON; and each chart as SVG (the no-JavaScript fallback of the page's
 * "Download SVG"). Viewers may download; every download goes through the same export document
 * the results page analyses.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { requireStudyAccess } from "../auth/permissions.server.ts";
import { GaborGrangerChart } from "../components/charts/GaborGrangerChart.tsx";
import { SharesChart } from "../components/charts/SharesChart.tsx";
import { unpackCurves } from "../components/charts/thinCurves.ts";
import { VanWestendorpChart } from "../components/charts/VanWestendorpChart.tsx";
import { formatMoney } from "../components/results/format.ts";
import { studyAnalysis } from "../results/analysis.server.ts";
import {
  analysedDoc,
  conceptCellsCsv,
  conceptTestCsv,
  contentDisposition,
  fileSlug,
  gaborGrangerCsv,
  hypothesesCsv,
  maxDiffCsv,
  maxDiffSharesCsv,
  priceBandsCsv,
  responsesCsv,
  resultsJson,
  valueMapCsv,
  vanWestendorpCsv,
} from "../results/csv.server.ts";
import { buildStudyExport } from "../results/exportDocument.server.ts";
import { priceBookFor } from "../results/priceBookObjective.server.ts";
import { parseResultsQuery } from "../results/resultsQuery.ts";
import { scorecardCsv } from "../results/scorecardCsv.server.ts";
import { competitorsChartSvg } from "../results/competitorsCharts.server.ts";
import { resultsView } from "../results/view.server.ts";
import { segmentationParam } from "../results/segmentation.server.ts";
import { applySegmentation } from "../../research/segments/apply.ts";
import { beforeFitGate } from "../../research/study.ts";

type Doc = Awaited<ReturnType<typeof buildStudyExport>>;
type Analysis = Awaited<ReturnType<typeof studyAnalysis>>;
const CSV = "text/csv; charset=utf-8";

const FILES: Record<string, { suffix: string; type: string; body: (doc: Doc) => string }> = {
  "study.json": {
    suffix: "study.json",
    type: "application/json; charset=utf-8",
    body: (doc) => `${JSON.stringify(doc, null, 2)}\n`,
  },
  // HB's input: the gate's exclusions except by the fit flag, which HB (and `maxdiff --hb`) computes
  "maxdiff.csv": { suffix: "maxdiff.csv", type: CSV, body: (doc) => maxDiffCsv(beforeFitGate(doc)) },
};

/** Computed results: from the cached analysis (analysis.server.ts), never recomputed here. */
const RESULTS: Record<string, { type: string; body: (a: Analysis) => string }> = {
  // raw answers plus the quality gate's flags (the analysis holds them, with the HB fit flag)
  "responses.csv": { type: CSV, body: (a) => responsesCsv(a.doc, a.result.quality) },
  "results.json": { type: "application/json; charset=utf-8", body: (a) => resultsJson(a.result) },
  "price-bands.csv": { type: CSV, body: (a) => priceBandsCsv(a.doc, a.result) },
  "maxdiff-shares.csv": { type: CSV, body: (a) => maxDiffSharesCsv(a.doc, a.result) },
  "value-map.csv": { type: CSV, body: (a) => valueMapCsv(a.doc, a.result) },
  "hypotheses.csv": { type: CSV, body: (a) => hypothesesCsv(a.result) },
  "concept-cells.csv": { type: CSV, body: (a) => conceptCellsCsv(a.doc, a.result) },
  "scorecard.csv": { type: CSV, body: (a) => scorecardCsv(a.doc, a.result) },
  // the ladder answers with each respondent's market-mix weight from the analysis (1 without a mix)
  "gabor-granger.csv": {
    type: CSV,
    body: (a) => gaborGrangerCsv(analysedDoc(a.doc, a.result.quality), a.result.weighting),
  },
  // the answers the page's price and concept numbers use: without the respondents the gate excluded
  "van-westendorp.csv": { type: CSV, body: (a) => vanWestendorpCsv(analysedDoc(a.doc, a.result.quality)) },
  "concept-test.csv": { type: CSV, body: (a) => conceptTestCsv(analysedDoc(a.doc, a.result.quality)) },
};

/** A chart of the results page as a standalone SVG file (chart-vw-<segment>.svg, chart-md-<segment>.svg). */
function chartSvg(a: Analysis, name: string, segmentationId: string | null): string | null {
  const gg = ggChartSvg(a, name);
  if (gg !== undefined) return gg;
  const competitors = competitorsChartSvg(a.doc, a.result, name); // chart-gaps-<segment>.svg, chart-pv-<segment>.svg
  if (competitors !== undefined) return competitors;
  const m = /^chart-(vw|md)-(.+)\.svg$/.exec(name);
  if (!m) return null;
  const seg = m[2];
  const view = resultsView(a.doc, a.result, { segment: seg, bundle: [], findBest: false, segmentationId });
  if (!view.shown.includes(seg)) return null;
  const title = `${m[1] === "vw" ? "Van Westendorp curves" : "MaxDiff shares"}, ${view.segmentNames[seg]}`;
  let html: string;
  if (m[1] === "vw") {
    const b = view.price.segments[seg];
    if (!b?.curves) return null;
    const money = (x: number | null | undefined) => formatMoney(x, view.study.currency);
    html = renderToStaticMarkup(
      createElement(VanWestendorpChart, { id: "chart", title, ...unpackCurves(b.curves), points: b, money }),
    );
  } else {
    const b = view.maxdiff.segments[seg];
    if (!b) return null;
    const rows = [...b.rows].sort((x, y) => (y.share ?? -1) - (x.share ?? -1));
    html = renderToStaticMarkup(createElement(SharesChart, { id: "chart", title, rows }));
  }
  const svg = /<svg[\s\S]*?<\/svg>/.exec(html)?.[0];
  return svg ? `<?xml version="1.0" encoding="UTF-8"?>\n${svg}\n` : null;
}

/** Gabor–Granger charts: chart-gg-demand-<segment>.svg, chart-gg-revenue-<segment>.svg (undefined: not one). */
function ggChartSvg(a: Analysis, name: string): string | null | undefined {
  const m = /^chart-gg-(demand|revenue)-(.+)\.svg$/.exec(name);
  if (!m) return undefined;
  const kind = m[1] as "demand" | "revenue";
  const view = resultsView(a.doc, a.result, { segment: m[2] === "__all" ? null : m[2], bundle: [], findBest: false });
  const b = view.gaborGranger?.blocks.find((x) => x.key === m[2]);
  if (!b) return null;
  const money = (x: number) => formatMoney(x, view.study.currency);
  const title = `${kind === "demand" ? "Demand by price" : "Revenue per 100 prospects by price"}, ${b.name}`;
  const rungs = b.prices.map((p) => ({ ...p, revenue100: p.revenue * 100 }));
  const html = renderToStaticMarkup(
    createElement(GaborGrangerChart, { id: "chart", title, kind, rungs, best: b.revenueMaxPrice, money }),
  );
  const svg = /<svg[\s\S]*?<\/svg>/.exec(html)?.[0];
  return svg ? `<?xml version="1.0" encoding="UTF-8"?>\n${svg}\n` : null;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { studyId } = await requireStudyAccess(request, params.studyId, "view");
  const name = params.file ?? "";
  const headers = (type: string, filename: string) => ({
    "Content-Type": type,
    "Content-Disposition": contentDisposition(filename),
    "Cache-Control": "private, no-store",
  });
  // ?segmentation=<id>: the answers and results by a saved segmentation (study.json always holds the declared
  // segments and every saved segmentation: `research study study.json --segmentation <name>` applies one).
  const segmentation = await segmentationParam(studyId, new URL(request.url));
  const file = Object.hasOwn(FILES, name) ? FILES[name] : undefined;
  if (file) {
    const declared = await buildStudyExport(studyId);
    const doc = segmentation && name !== "study.json" ? applySegmentation(declared, segmentation.name) : declared;
    return new Response(file.body(doc), { headers: headers(file.type, `${fileSlug(doc.study.name)}-${file.suffix}`) });
  }
  const computed = Object.hasOwn(RESULTS, name) ? RESULTS[name] : undefined;
  if (computed || name.startsWith("chart-")) {
    let analysis = await studyAnalysis(studyId, segmentation);
    const slug = fileSlug(analysis.doc.study.name);
    if (name === "results.json") {
      // ?objective=…&minHappy=…: the price book for the results page's objective choice (`study --price-book-objective`)
      const q = parseResultsQuery(new URL(request.url).searchParams);
      const error = q.errors.objective ?? q.errors.minHappy;
      if (error) throw new Response(error, { status: 400 });
      const priceBook = await priceBookFor(studyId, analysis.doc, analysis.result, q.objective, q.minHappy);
      if (priceBook !== analysis.result.priceBook)
        analysis = { ...analysis, result: { ...analysis.result, priceBook } };
    }
    if (computed) return new Response(computed.body(analysis), { headers: headers(computed.type, `${slug}-${name}`) });
    const svg = chartSvg(analysis, name, segmentation?.id ?? null);
    if (svg) return new Response(svg, { headers: headers("image/svg+xml; charset=utf-8", `${slug}-${name}`) });
  }
  throw new Response("No such export", { status: 404 });
}
