import { scaleLinear } from "d3-scale";
import { line } from "d3-shape";
import { tableRows, type VwTableRow } from "./thinCurves.ts";
import { ChartTable } from "./ChartTable.tsx";
import { type ChartCopy, ChartFigure } from "./ChartFigure.tsx";
import { ChartSvg } from "./ChartSvg.tsx";

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

/** Every chart text is this many CSS px: the SVG is drawn at its container's width, never scaled down. */
const FONT = 12;
const MARK_NAMES = { pmc: "PMC", opp: "OPP", ipp: "IPP", pme: "PME" } as const;

/**
 * Marker labels ("OPP $38") in rows above the plot: each label goes in the first row where it does not
 * overlap a label already there, so close price points (OPP next to IPP) never overprint.
 */
export function placeMarkerLabels(
  marks: { key: string; x: number; text: string }[],
  bounds: [number, number],
): { key: string; x: number; text: string; row: number; anchorX: number }[] {
  const rows: [number, number][][] = [];
  const widthOf = (t: string) => t.length * FONT * 0.62 + 6;
  return [...marks]
    .sort((a, b) => a.x - b.x)
    .map((m) => {
      const w = widthOf(m.text);
      const anchorX = Math.min(bounds[1] - w / 2, Math.max(bounds[0] + w / 2, m.x));
      const span: [number, number] = [anchorX - w / 2, anchorX + w / 2];
      let row = rows.findIndex((r) => r.every(([a, b]) => span[1] < a || span[0] > b));
      if (row === -1) {
        rows.push([]);
        row = rows.length - 1;
      }
      rows[row].push(span);
      return { ...m, row, anchorX };
    });
}

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
  width: fixedWidth,
  download,
}: {
  id: string;
  title: string;
  curves: VwCurvesData;
  table?: VwTableRow[];
  points: { pmc: number | null; opp: number | null; ipp: number | null; pme: number | null };
  money: (x: number) => string;
  /** Draw at this width (server-side SVG export); default: the container's width. */
  width?: number;
  /** No-JavaScript SVG download link. */
  download?: string;
}) {
  const prices = curves.prices;
  if (prices.length < 2) return <p className="muted">Not enough price answers to draw the curves.</p>;
  const desc = `Share of respondents (0–100%) by price for the four Van Westendorp questions. Acceptable range ${points.pmc !== null ? money(points.pmc) : "–"} to ${points.pme !== null ? money(points.pme) : "–"}; optimal price ${points.opp !== null ? money(points.opp) : "–"}; indifference price ${points.ipp !== null ? money(points.ipp) : "–"}.`;
  const rows = table ?? tableRows(curves);
  /** The SVG laid out for width W, named as ChartFigure names the copy. */
  const draw = (W: number, copy: ChartCopy) => {
    const marks = (["pmc", "opp", "ipp", "pme"] as const).filter((k) => points[k] !== null);
    const x0 = scaleLinear()
      .domain([prices[0], prices[prices.length - 1]])
      .range([52, W - 16])
      .nice();
    const labels = placeMarkerLabels(
      marks.map((k) => ({ key: k, x: x0(points[k]!), text: `${MARK_NAMES[k]} ${money(points[k]!)}` })),
      [52, W - 16],
    );
    const labelRows = Math.max(0, ...labels.map((l) => l.row + 1));
    const H = Math.round(Math.min(320, Math.max(220, W * 0.55))) + labelRows * 16;
    const M = { top: 12 + labelRows * 16, right: 16, bottom: 44, left: 52 };
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
    return (
      <ChartSvg id={copy.id} width={W} height={H} title={title} className={copy.className} desc={desc}>
        {y.ticks(5).map((t) => (
          <g key={`y${t}`}>
            <line x1={M.left} x2={W - M.right} y1={y(t)} y2={y(t)} stroke="#e3e7ee" />
            <text x={M.left - 6} y={y(t)} dy="0.32em" textAnchor="end" fontSize={FONT} fill="#5b6675">
              {Math.round(t * 100)}%
            </text>
          </g>
        ))}
        {x.ticks(Math.max(2, Math.floor((W - M.left - M.right) / 80))).map((t) => (
          <text key={`x${t}`} x={x(t)} y={H - M.bottom + 18} textAnchor="middle" fontSize={FONT} fill="#5b6675">
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
          <line
            key={k}
            x1={x(points[k]!)}
            x2={x(points[k]!)}
            y1={M.top}
            y2={H - M.bottom}
            stroke="#1c2430"
            strokeDasharray="2 3"
          />
        ))}
        {labels.map((l) => (
          <g key={l.key} data-marker={l.key}>
            {l.anchorX !== l.x || l.row > 0 ? (
              <line x1={l.x} x2={l.anchorX} y1={M.top} y2={12 + l.row * 16 + 3} stroke="#5b6675" />
            ) : null}
            <text x={l.anchorX} y={12 + l.row * 16} textAnchor="middle" fontSize={FONT} fill="#1c2430">
              {l.text}
            </text>
          </g>
        ))}
        <text x={(M.left + W - M.right) / 2} y={H - 4} textAnchor="middle" fontSize={FONT} fill="#5b6675">
          Price
        </text>
      </ChartSvg>
    );
  };
  return (
    <ChartFigure id={id} width={fixedWidth} download={download} draw={draw}>
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
              <td className="num" data-label="Price">
                {money(r.price)}
              </td>
              {SERIES.map((s) => (
                <td key={s.key} className="num" data-label={s.label}>
                  {(r[s.key] * 100).toFixed(1)}%
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </ChartTable>
    </ChartFigure>
  );
}
