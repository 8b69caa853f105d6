import { scaleLinear } from "d3-scale";
import type { GapLabel } from "../../../research/scorecard/types.ts";
import type { GapView as DriverGap } from "../../results/scorecardView.server.ts";
import { ChartTable } from "./ChartTable.tsx";
import { type ChartCopy, ChartFigure } from "./ChartFigure.tsx";
import { ChartSvg } from "./ChartSvg.tsx";

const FONT = 12;

/** What a product marketer reads for each gap label. */
export const GAP_TEXT: Record<GapLabel, string> = {
  invest: "invest here",
  promote: "promote here",
  overServed: "over-served",
  maintain: "no clear gap",
};
const GAP_COLOUR: Record<GapLabel, string> = {
  invest: "#b3261e",
  promote: "#1b7f3b",
  overServed: "#8a6d00",
  maintain: "#6b7785",
};

const pct = (x: number) => `${(100 * x).toFixed(0)}%`;
const pts = (x: number | null) => (x === null ? "–" : `${x >= 0 ? "+" : ""}${x.toFixed(1)}`);

/**
 * Driver gap chart: per value driver (most important first) our paired gap vs the strongest
 * competitor as a bar left (we lag) or right (we lead) of zero, labelled "invest here" /
 * "promote here" / "over-served". Each row's label sits on its own line, so it reads at 390 px.
 */
export function DriverGapChart({
  id,
  title,
  gaps,
  download,
}: {
  id: string;
  title: string;
  gaps: DriverGap[];
  /** No-JavaScript SVG download link (the export route's chart-gaps-<segment>.svg). */
  download?: string;
}) {
  const rows = [...gaps].sort((a, b) => b.importance - a.importance);
  /** The SVG laid out for width W, named as ChartFigure names the copy. */
  const draw = (W: number, copy: ChartCopy) => {
    const M = { top: 8, right: 12, bottom: 32, left: 12 };
    const ROW = 50;
    const H = M.top + M.bottom + ROW * rows.length;
    // headroom for the value label at the end of the longest bar
    const max = 1.3 * Math.max(1, ...rows.map((g) => Math.abs(g.gap ?? 0)));
    const x = scaleLinear()
      .domain([-max, max])
      .range([M.left, W - M.right])
      .nice();
    // the reading ("promote here", bold) follows the driver's name on the same line
    const maxChars = Math.max(10, Math.floor((W - M.left - M.right - 100) / (FONT * 0.6)));
    const clip = (s: string) => (s.length > maxChars ? `${s.slice(0, maxChars - 1)}…` : s);
    return (
      <ChartSvg
        id={copy.id}
        width={W}
        height={H}
        title={title}
        className={copy.className}
        desc={rows.map((g) => `${g.driver}: ${GAP_TEXT[g.label]} (gap ${pts(g.gap)})`).join("; ")}
      >
        {x.ticks(Math.max(2, Math.floor((W - M.left - M.right) / 60))).map((t) => {
          const label = t > 0 ? `+${t}` : `${t}`;
          // centred under its line, but moved in just enough that a label at either end ("+3.5") is not cut off
          const half = (label.length * FONT * 0.65) / 2;
          return (
            <g key={t}>
              <line x1={x(t)} x2={x(t)} y1={M.top} y2={H - M.bottom} stroke={t === 0 ? "#1c2430" : "#e3e7ee"} />
              <text
                x={Math.min(W - half, Math.max(half, x(t)))}
                y={H - M.bottom + 16}
                textAnchor="middle"
                fontSize={FONT}
                fill="#5b6675"
              >
                {label}
              </text>
            </g>
          );
        })}
        {/* 4 px below the baseline: room for descenders ("g") inside the chart */}
        <text x={M.left} y={H - 4} fontSize={FONT} fill="#5b6675">
          ← we lag
        </text>
        <text x={W - M.right} y={H - 4} fontSize={FONT} fill="#5b6675" textAnchor="end">
          we lead →
        </text>
        {rows.map((g, i) => {
          const top = M.top + i * ROW;
          const barY = top + FONT + 8;
          const gap = g.gap ?? 0;
          return (
            <g key={g.driver} data-gap-label={g.label}>
              <text x={M.left} y={top + FONT} fontSize={FONT} fill="#1c2430">
                {`${clip(g.driver)} (${pct(g.importance)}) — `}
                <tspan fontWeight={700} fill={GAP_COLOUR[g.label]}>
                  {GAP_TEXT[g.label]}
                </tspan>
              </text>
              {g.gap !== null ? (
                <rect
                  x={Math.min(x(0), x(gap))}
                  y={barY}
                  width={Math.abs(x(gap) - x(0))}
                  height={18}
                  fill={GAP_COLOUR[g.label]}
                  fillOpacity={0.85}
                />
              ) : null}
              <text
                x={gap >= 0 ? Math.min(W - M.right - 30, x(gap) + 4) : Math.max(M.left + 30, x(gap) - 4)}
                y={barY + 13}
                fontSize={FONT}
                textAnchor={gap >= 0 ? "start" : "end"}
                fill="#1c2430"
              >
                {pts(g.gap)}
              </text>
            </g>
          );
        })}
      </ChartSvg>
    );
  };
  return (
    <ChartFigure id={id} download={download} draw={draw}>
      <ChartTable summary="Driver gaps as a table" caption={title}>
        <thead>
          <tr>
            <th>Value driver</th>
            <th className="num">Importance</th>
            <th>Strongest competitor</th>
            <th className="num">Gap (ours − theirs)</th>
            <th className="num">Holm p</th>
            <th>Reading</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((g) => (
            <tr key={g.driver}>
              <td data-label="Value driver">{g.driver}</td>
              <td className="num" data-label="Importance">
                {pct(g.importance)}
              </td>
              <td data-label="Strongest competitor">{g.strongestCompetitor ?? "–"}</td>
              <td className="num" data-label="Gap (ours − theirs)">
                {pts(g.gap)}
              </td>
              <td className="num" data-label="Holm p">
                {g.pHolm === null ? "–" : g.pHolm < 0.001 ? "< 0.001" : g.pHolm.toFixed(3)}
              </td>
              <td data-label="Reading">{GAP_TEXT[g.label]}</td>
            </tr>
          ))}
        </tbody>
      </ChartTable>
    </ChartFigure>
  );
}
