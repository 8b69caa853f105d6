import { scaleLinear } from "d3-scale";
import { line } from "d3-shape";
import { ChartTable } from "./ChartTable.tsx";
import { type ChartCopy, ChartFigure } from "./ChartFigure.tsx";
import { ChartSvg } from "./ChartSvg.tsx";

/** Every chart text is this many CSS px: the SVG is drawn at its container's width, never scaled down. */
const FONT = 12;

export interface GgChartRung {
  price: number;
  demand: number;
  demandInterval: [number, number] | null;
  /** revenue per 100 prospects */
  revenue100: number;
}

/**
 * Gabor–Granger curve at the ladder's prices: demand (share who would buy, with its 95% interval
 * as whiskers) or revenue per 100 prospects, with the revenue-maximising price marked. Server-rendered
 * SVG drawn at its container's width so text stays 12 px on a phone; a data table below.
 */
export function GaborGrangerChart({
  id,
  title,
  kind,
  rungs,
  best,
  money,
  width: fixedWidth,
  download,
}: {
  id: string;
  title: string;
  kind: "demand" | "revenue";
  rungs: GgChartRung[];
  best: number | null;
  money: (x: number) => string;
  width?: number;
  /** No-JavaScript SVG download link. */
  download?: string;
}) {
  if (rungs.length < 2) return <p className="muted">Too few prices were asked to draw a curve.</p>;
  /** The SVG laid out for width W, named as ChartFigure names the copy. */
  const draw = (W: number, copy: ChartCopy) => {
    const H = Math.round(Math.min(300, Math.max(200, W * 0.5)));
    const M = { top: 20, right: 16, bottom: 44, left: kind === "demand" ? 48 : 64 };
    const prices = rungs.map((r) => r.price);
    const x = scaleLinear()
      .domain([prices[0], prices[prices.length - 1]])
      .range([M.left + 8, W - M.right - 8]);
    const yMax = kind === "demand" ? 1 : Math.max(1e-9, ...rungs.map((r) => r.revenue100));
    const y = scaleLinear()
      .domain([0, yMax])
      .range([H - M.bottom, M.top])
      .nice();
    const value = (r: GgChartRung) => (kind === "demand" ? r.demand : r.revenue100);
    const d =
      line<GgChartRung>()
        .x((r) => x(r.price))
        .y((r) => y(value(r)))(rungs) ?? "";
    const yLabel = (t: number) => (kind === "demand" ? `${Math.round(t * 100)}%` : money(t));
    const color = kind === "demand" ? "#1f5fbf" : "#1b7f3b";
    // at most one price label per ~56 px, always the first and the last
    const every = Math.max(1, Math.ceil((rungs.length * 56) / Math.max(1, W - M.left - M.right)));
    const xTicks = rungs.filter((_, i) => i % every === 0 || i === rungs.length - 1);
    const desc =
      kind === "demand"
        ? `Share of respondents who would buy at each of ${rungs.length} prices, from ${money(prices[0])} to ${money(prices[prices.length - 1])}, with 95% intervals.`
        : `Revenue per 100 prospects at each of ${rungs.length} prices${best !== null ? `; highest at ${money(best)}` : ""}.`;
    return (
      <ChartSvg className={copy.className} id={copy.id} width={W} height={H} title={title} desc={desc}>
        {y.ticks(5).map((t) => (
          <g key={`y${t}`}>
            <line x1={M.left} x2={W - M.right} y1={y(t)} y2={y(t)} stroke="#e3e7ee" />
            <text x={M.left - 6} y={y(t)} dy="0.32em" textAnchor="end" fontSize={FONT} fill="#5b6675">
              {yLabel(t)}
            </text>
          </g>
        ))}
        {xTicks.map((r) => (
          <text
            key={`x${r.price}`}
            x={x(r.price)}
            y={H - M.bottom + 18}
            textAnchor="middle"
            fontSize={FONT}
            fill="#5b6675"
          >
            {money(r.price)}
          </text>
        ))}
        <line x1={M.left} x2={W - M.right} y1={H - M.bottom} y2={H - M.bottom} stroke="#5b6675" />
        {best !== null ? (
          <g data-marker="revenue-max">
            <line x1={x(best)} x2={x(best)} y1={M.top} y2={H - M.bottom} stroke="#1c2430" strokeDasharray="2 3" />
            <text
              x={Math.min(W - M.right - 40, Math.max(M.left + 40, x(best)))}
              y={M.top - 6}
              textAnchor="middle"
              fontSize={FONT}
              fill="#1c2430"
            >
              Best {money(best)}
            </text>
          </g>
        ) : null}
        {kind === "demand"
          ? rungs.map((r) =>
              r.demandInterval ? (
                <line
                  key={`i${r.price}`}
                  x1={x(r.price)}
                  x2={x(r.price)}
                  y1={y(r.demandInterval[0])}
                  y2={y(r.demandInterval[1])}
                  stroke={color}
                  strokeOpacity={0.45}
                  strokeWidth={6}
                  strokeLinecap="round"
                />
              ) : null,
            )
          : null}
        <path d={d} fill="none" stroke={color} strokeWidth={2} />
        {rungs.map((r) => (
          <circle key={`p${r.price}`} cx={x(r.price)} cy={y(value(r))} r={3.5} fill={color} />
        ))}
        <text x={(M.left + W - M.right) / 2} y={H - 4} textAnchor="middle" fontSize={FONT} fill="#5b6675">
          Price
        </text>
      </ChartSvg>
    );
  };
  return (
    <ChartFigure id={id} width={fixedWidth} download={download} draw={draw}>
      <ChartTable summary="Chart data as a table" caption={title}>
        <thead>
          <tr>
            <th className="num">Price</th>
            <th className="num">{kind === "demand" ? "Would buy" : "Revenue per 100 prospects"}</th>
            {kind === "demand" ? <th className="num">95% interval</th> : null}
          </tr>
        </thead>
        <tbody>
          {rungs.map((r) => (
            <tr key={r.price}>
              <td className="num">{money(r.price)}</td>
              <td className="num">{kind === "demand" ? `${(r.demand * 100).toFixed(1)}%` : money(r.revenue100)}</td>
              {kind === "demand" ? (
                <td className="num">
                  {r.demandInterval
                    ? `${(r.demandInterval[0] * 100).toFixed(1)}–${(r.demandInterval[1] * 100).toFixed(1)}%`
                    : "–"}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </ChartTable>
    </ChartFigure>
  );
}
