/**
 * The competitors charts (issue 20) as standalone SVG files, drawn on the server by the same components as
 * the results page: chart-gaps-<segment>.svg (driver gaps) and chart-pv-<segment>.svg (price/value map).
 * They are the no-JavaScript target of the charts' "Download SVG" link (the export route serves them).
 */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import type { StudyResult } from "../../research/study.ts";
import type { StudyExport } from "../../research/studyExport.ts";
import { DriverGapChart } from "../components/charts/DriverGapChart.tsx";
import { PriceValueChart } from "../components/charts/PriceValueChart.tsx";
import { scorecardView } from "./scorecardView.server.ts";

/** The SVG document of a competitors chart; undefined: not a competitors chart name; null: no such chart. */
export function competitorsChartSvg(doc: StudyExport, r: StudyResult, name: string): string | null | undefined {
  const m = /^chart-(gaps|pv)-(.+)\.svg$/.exec(name);
  if (!m) return undefined;
  const view = scorecardView(doc, r, m[2]);
  const seg = view?.segments.find((s) => s.key === m[2]);
  if (!view || !seg) return null;
  const html =
    m[1] === "gaps"
      ? renderToStaticMarkup(
          createElement(DriverGapChart, {
            id: "chart",
            title: `Driver gaps vs the strongest competitor, ${seg.name}`,
            gaps: seg.block.driverGaps,
          }),
        )
      : renderToStaticMarkup(
          createElement(PriceValueChart, {
            id: "chart",
            title: `Price/value map, ${seg.name}`,
            map: seg.block.priceValue,
            ours: view.ours,
            currency: view.currency,
          }),
        );
  const svg = /<svg[\s\S]*?<\/svg>/.exec(html)?.[0];
  return svg ? `<?xml version="1.0" encoding="UTF-8"?>\n${svg}\n` : null;
}
