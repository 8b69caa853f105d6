import type { ReactNode } from "react";
import { CHART_MAX_WIDTH, CHART_PHONE_WIDTH, useChartWidth } from "./useChartWidth.ts";

/**
 * A chart's `<figure>`: the chart drawn at `width` when given, else at its container's width once
 * JavaScript has measured it. Before that (the server's render, and without JavaScript) it is drawn
 * twice: a CHART_MAX_WIDTH copy (class `chart-wide`) and a CHART_PHONE_WIDTH copy (class
 * `chart-phone`, ids suffixed `-phone`); results.css shows the copy that fits, so chart text keeps
 * its 12 px on a phone. `draw(width, idSuffix, extraClass)` draws the SVG; `children` (downloads,
 * legend, data table) follow it.
 */
export function ChartFigure({
  width,
  draw,
  children,
}: {
  width?: number;
  draw: (width: number, idSuffix?: string, extraClass?: string) => ReactNode;
  children: ReactNode;
}) {
  const { ref, width: measured, measured: isMeasured } = useChartWidth<HTMLElement>();
  return (
    <figure className="chart" ref={ref}>
      {width !== undefined || isMeasured ? (
        draw(width ?? measured)
      ) : (
        <>
          {draw(CHART_MAX_WIDTH, "", " chart-wide")}
          {draw(CHART_PHONE_WIDTH, "-phone", " chart-phone")}
        </>
      )}
      {children}
    </figure>
  );
}
