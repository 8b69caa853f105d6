import { scaleLinear } from "d3-scale";
import { line } from "d3-shape";
import { tableRows, type VwTableRow } from "./thinCurves.ts";
import { ChartTable } from "./ChartTable.tsx";

export interface VwCurvesData {
  prices: number[];
  tooCheap: number[];
  notCheap: number[];
  notExpensive: number[];
  tooExpensive: number[];
}

const SERIES = [
  { key: "tooCheap", label: "Too cheap", color: "#8a5a00", dash: "6 3" },
  { key: "notCheap", label: "Not a bargain", color: "#1b7f3b", dash: undefined },
  { key: "notExpensive", label: "Not expensive", color: "#1f5fbf", dash: undefined },
  { key: "tooExpensive", label: "Too expensive", color: "#b3261e", dash: "6 3" },
] as const;

const W = 640,
  H = 300,
  M = { top: 16, right: 16, bottom: 40, left: 48 };

/**
 * Van Westendorp curves (share of respondents by price) with the four price points; server-rendered SVG.
 * `curves` may be thinned (thinCurves.ts); `table` then carries the table alternative's rows
 * taken from the full grid (default: every ~1/25th point of `curves`).
 */
export function VanWestendorpChart({
  id,
  title,
  curves,
  table,
  points,
  money,
}: {
  id: string;
  title: string;
  curves: VwCurvesData;
  table?: VwTableRow[];
  points: { pmc: number | null; opp: number | null; ipp: number | null; pme: number | null };
  money: (x: number) => string;
}) {
  const prices = curves.prices;
  if (prices.length < 2) return <p className="muted">Not enough price answers to draw the curves.</p>;
  const x = scaleLinear()
    .domain([prices[0], prices[prices.length - 1]])
    .range([M.left, W - M.right])
    .nice();
  const y = scaleLinear()
    .domain([0, 1])
    .range([H - M.bottom, M.top]);
  const path = (ys: number[]) =>
    line<number>()
      .x((_, i) => x(prices[i]))
      .y((v) => y(v))(ys) ?? "";
  const marks = (["pmc", "opp", "ipp", "pme"] as const).filter((k) => points[k] !== null);
  const desc = `Share of respondents (0–100%) by price for the four Van Westendorp questions. Acceptable range ${points.pmc !== null ? money(points.pmc) : "–"} to ${points.pme !== null ? money(points.pme) : "–"}; optimal price ${points.opp !== null ? money(points.opp) : "–"}; indifference price ${points.ipp !== null ? money(points.ipp) : "–"}.`;
  const rows = table ?? tableRows(curves);
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${id}-t ${id}-d`} className="chart-svg">
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>{desc}</desc>
        {y.ticks(5).map((t) => (
          <g key={`y${t}`}>
            <line x1={M.left} x2={W - M.right} y1={y(t)} y2={y(t)} stroke="#e3e7ee" />
            <text x={M.left - 6} y={y(t)} dy="0.32em" textAnchor="end" fontSize="11" fill="#5b6675">
              {Math.round(t * 100)}%
            </text>
          </g>
        ))}
        {x.ticks(8).map((t) => (
          <text key={`x${t}`} x={x(t)} y={H - M.bottom + 16} textAnchor="middle" fontSize="11" fill="#5b6675">
            {money(t)}
          </text>
        ))}
        <line x1={M.left} x2={W - M.right} y1={H - M.bottom} y2={H - M.bottom} stroke="#5b6675" />
        {points.pmc !== null && points.pme !== null ? (
          <rect
            x={x(points.pmc)}
            y={M.top}
            width={Math.max(0, x(points.pme) - x(points.pmc))}
            height={H - M.bottom - M.top}
            fill="#1b7f3b"
            fillOpacity={0.07}
          />
        ) : null}
        {SERIES.map((s) => (
          <path
            key={s.key}
            d={path(curves[s.key])}
            fill="none"
            stroke={s.color}
            strokeWidth={2}
            strokeDasharray={s.dash}
          />
        ))}
        {marks.map((k) => (
          <g key={k}>
            <line
              x1={x(points[k]!)}
              x2={x(points[k]!)}
              y1={M.top}
              y2={H - M.bottom}
              stroke="#1c2430"
              strokeDasharray="2 3"
            />
            <text
              x={x(points[k]!)}
              y={M.top + (k === "opp" || k === "ipp" ? 24 : 10)}
              textAnchor="middle"
              fontSize="11"
              fill="#1c2430"
            >
              {k.toUpperCase()}
            </text>
          </g>
        ))}
        <text x={(M.left + W - M.right) / 2} y={H - 6} textAnchor="middle" fontSize="11" fill="#5b6675">
          Price
        </text>
      </svg>
      <figcaption className="legend">
        {SERIES.map((s) => (
          <span key={s.key} className="legend-item">
            <svg width="24" height="10" aria-hidden="true">
              <line x1="0" x2="24" y1="5" y2="5" stroke={s.color} strokeWidth={2} strokeDasharray={s.dash} />
            </svg>{" "}
            {s.label}
          </span>
        ))}
      </figcaption>
      <ChartTable summary="Curve data as a table" caption={title}>
        <thead>
          <tr>
            <th className="num">Price</th>
            {SERIES.map((s) => (
              <th key={s.key} className="num">
                {s.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.price}>
              <td className="num">{money(r.price)}</td>
              {SERIES.map((s) => (
                <td key={s.key} className="num">
                  {(r[s.key] * 100).toFixed(1)}%
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </ChartTable>
    </figure>
  );
}
