import { scaleBand, scaleLinear } from "d3-scale";
import { ChartTable } from "./ChartTable.tsx";
import { type ChartCopy, ChartFigure } from "./ChartFigure.tsx";
import { ChartSvg } from "./ChartSvg.tsx";

export interface ShareRow {
  label: string;
  share: number | null;
  interval: [number, number] | null;
}

/** Every chart text is this many CSS px: the SVG is drawn at its container's width, never scaled down. */
const FONT = 12;
/** Below this width the labels go on their own line above each bar. */
const NARROW = 520;

/** Horizontal bars of MaxDiff shares (%) with interval whiskers; SVG laid out for its width, with a table alternative. */
export function SharesChart({
  id,
  title,
  rows,
  width: fixedWidth,
  download,
}: {
  id: string;
  title: string;
  rows: ShareRow[];
  /** Draw at this width (server-side SVG export); default: the container's width. */
  width?: number;
  /** No-JavaScript SVG download link. */
  download?: string;
}) {
  const fmt = (v: number | null) => (v === null ? "–" : `${v.toFixed(1)}%`);
  /** The SVG laid out for width W, named as ChartFigure names the copy. */
  const draw = (W: number, copy: ChartCopy) => {
    const narrow = W < NARROW;
    const M = narrow
      ? { top: 8, right: 52, bottom: 28, left: 8 }
      : { top: 8, right: 56, bottom: 28, left: Math.min(220, Math.round(W * 0.34)) };
    const ROW = narrow ? 44 : 28;
    const H = M.top + M.bottom + ROW * rows.length;
    const max = Math.max(10, ...rows.map((r) => r.interval?.[1] ?? r.share ?? 0));
    const x = scaleLinear()
      .domain([0, max])
      .range([M.left, W - M.right])
      .nice();
    const y = scaleBand()
      .domain(rows.map((r) => r.label))
      .range([M.top, H - M.bottom])
      .padding(0.2);
    // Narrow: the label takes the top of each row, the bar the rest.
    const labelH = narrow ? FONT + 6 : 0;
    const maxChars = Math.max(8, Math.floor((narrow ? W - M.right : M.left - 12) / (FONT * 0.55)));
    const clip = (s: string) => (s.length > maxChars ? `${s.slice(0, maxChars - 1)}…` : s);
    return (
      <ChartSvg
        id={copy.id}
        width={W}
        height={H}
        title={title}
        className={copy.className}
        desc={rows.map((r) => `${r.label}: ${fmt(r.share)}`).join("; ")}
      >
        {x.ticks(Math.max(2, Math.floor((W - M.left - M.right) / 70))).map((t) => (
          <g key={t}>
            <line x1={x(t)} x2={x(t)} y1={M.top} y2={H - M.bottom} stroke="#e3e7ee" />
            <text x={x(t)} y={H - M.bottom + 18} textAnchor="middle" fontSize={FONT} fill="#5b6675">
              {t}%
            </text>
          </g>
        ))}
        {rows.map((r) => {
          const top = (y(r.label) ?? 0) + labelH;
          const bh = y.bandwidth() - labelH;
          const mid = top + bh / 2;
          return (
            <g key={r.label}>
              <text
                x={narrow ? M.left : M.left - 8}
                y={narrow ? top - 5 : mid}
                dy={narrow ? undefined : "0.32em"}
                textAnchor={narrow ? "start" : "end"}
                fontSize={FONT}
                fill="#1c2430"
              >
                <title>{r.label}</title>
                {clip(r.label)}
              </text>
              {r.share !== null ? (
                <rect
                  x={x(0)}
                  y={top}
                  width={Math.max(0, x(r.share) - x(0))}
                  height={bh}
                  fill="#1f5fbf"
                  fillOpacity={0.8}
                />
              ) : null}
              {r.interval ? (
                <g stroke="#1c2430" strokeWidth={1.5}>
                  <line x1={x(r.interval[0])} x2={x(r.interval[1])} y1={mid} y2={mid} />
                  <line x1={x(r.interval[0])} x2={x(r.interval[0])} y1={mid - 5} y2={mid + 5} />
                  <line x1={x(r.interval[1])} x2={x(r.interval[1])} y1={mid - 5} y2={mid + 5} />
                </g>
              ) : null}
              <text x={W - M.right + 4} y={mid} dy="0.32em" fontSize={FONT} fill="#1c2430">
                {fmt(r.share)}
              </text>
            </g>
          );
        })}
      </ChartSvg>
    );
  };
  return (
    <ChartFigure id={id} width={fixedWidth} download={download} draw={draw}>
      <ChartTable summary="Shares as a table" caption={title}>
        <thead>
          <tr>
            <th>Item</th>
            <th className="num">Share</th>
            <th className="num">95% interval</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.label}>
              <td data-label="Item">{r.label}</td>
              <td className="num" data-label="Share">
                {fmt(r.share)}
              </td>
              <td className="num" data-label="95% interval">
                {r.interval ? `${r.interval[0].toFixed(1)}–${r.interval[1].toFixed(1)}%` : "–"}
              </td>
            </tr>
          ))}
        </tbody>
      </ChartTable>
    </ChartFigure>
  );
}
