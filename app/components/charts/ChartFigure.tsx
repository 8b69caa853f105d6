import type { ReactNode } from "react";
import { ChartDownloads } from "./ChartDownloads.tsx";
import { CHART_MAX_WIDTH, CHART_PHONE_WIDTH, useChartWidth } from "./useChartWidth.ts";

/** What one drawn copy of a chart is called: its ChartSvg id and class. */
export interface ChartCopy {
  id: string;
  className: string;
}

/**
 * A chart's `<figure>`: the chart drawn at `width` when given, else at its container's width once
 * JavaScript has measured it. Before that (the server's render, and without JavaScript) it is drawn
 * twice: a CHART_MAX_WIDTH copy (class `chart-wide`) and a CHART_PHONE_WIDTH copy (class
 * `chart-phone`, ids suffixed `-phone`); results.css shows the copy that fits, so chart text keeps
 * its 12 px on a phone. `draw(width, copy)` draws the SVG with the copy's id and class; then come the
 * download buttons for the SVG `<id>-svg` (`download`: the no-JavaScript SVG link) and `children`
 * (legend, data table).
 */
export function ChartFigure({
  id,
  width,
  download,
  draw,
  children,
}: {
  id: string;
  width?: number;
  download?: string;
  draw: (width: number, copy: ChartCopy) => ReactNode;
  children: ReactNode;
}) {
  const { ref, width: measured, measured: isMeasured } = useChartWidth<HTMLElement>();
  return (
    <figure className="chart" ref={ref}>
      {width !== undefined || isMeasured ? (
        draw(width ?? measured, { id, className: "chart-svg" })
      ) : (
        <>
          {draw(CHART_MAX_WIDTH, { id, className: "chart-svg chart-wide" })}
          {draw(CHART_PHONE_WIDTH, { id: `${id}-phone`, className: "chart-svg chart-phone" })}
        </>
      )}
      <ChartDownloads svgId={`${id}-svg`} name={id} href={download} />
      {children}
    </figure>
  );
}
