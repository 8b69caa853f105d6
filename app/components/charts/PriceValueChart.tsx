import { scaleLinear } from "d3-scale";
import type { PricePosition } from "../../../research/scorecard/types.ts";
import type { PriceValueView as PriceValueMap } from "../../results/scorecardView.server.ts";
import { formatMoney } from "../results/format.ts";
import { ChartTable } from "./ChartTable.tsx";
import { type Box, overlapArea, placeLabels } from "./labelPlacement.ts";
import { type ChartCopy, ChartFigure } from "./ChartFigure.tsx";
import { ChartSvg } from "./ChartSvg.tsx";

const FONT = 12;

export const POSITION_TEXT: Record<PricePosition, string> = {
  valueAdvantage: "value advantage",
  fair: "fair value",
  valueDisadvantage: "value disadvantage",
};

/**
 * Price/value map (Gale 1994's customer value map): value score (0–10) across, price up, each
 * product a labelled dot, the fair-value line, and the segment's acceptable price range shaded.
 */
export function PriceValueChart({
  id,
  title,
  map,
  ours,
  currency,
  download,
  width: fixedWidth,
}: {
  id: string;
  title: string;
  map: PriceValueMap;
  ours: string;
  currency: string;
  /** No-JavaScript SVG download link (the export route's chart-pv-<segment>.svg). */
  download?: string;
  /** Draw at this width (CSS px) instead of the container's (tests, fixed-size renderings). */
  width?: number;
}) {
  const money = (v: number | null) => (v === null ? "–" : formatMoney(Math.round(v * 100) / 100, currency));
  /** The SVG laid out for width W, named as ChartFigure names the copy. */
  const draw = (W: number, copy: ChartCopy) => {
    const H = Math.round(Math.min(420, Math.max(300, W * 0.7)));
    const M = { top: 12, right: 16, bottom: 40, left: 64 };
    const pts = map.products.filter((p) => p.valueScore !== null && p.price !== null);
    const values = map.products.flatMap((p) => (p.valueScore === null ? [] : [p.valueScore]));
    const prices = [
      ...pts.map((p) => p.price as number),
      ...map.products.flatMap((p) => (p.fairPrice === null ? [] : [p.fairPrice])),
      ...(map.band ? [map.band.pmc, map.band.pme] : []),
    ];
    const x = scaleLinear()
      .domain([Math.max(0, Math.min(...values, 10) - 1), Math.min(10, Math.max(...values, 0) + 1)])
      .range([M.left, W - M.right])
      .nice();
    const y = scaleLinear()
      .domain([Math.max(0, Math.min(...prices, Infinity) * 0.8 || 0), Math.max(...prices, 1) * 1.1])
      .range([H - M.bottom, M.top])
      .nice();
    const [x0, x1] = x.domain();
    const fairAt = (v: number) =>
      map.reference === "line" && map.line
        ? map.line.intercept + map.line.slope * v
        : (() => {
            const withFair = map.products.find((p) => p.fairPrice !== null && p.valueScore);
            return withFair ? ((withFair.fairPrice as number) * v) / (withFair.valueScore as number) : null;
          })();
    const f0 = fairAt(x0);
    const f1 = fairAt(x1);
    const maxChars = Math.max(8, Math.floor((W / 2 - 24) / (FONT * 0.6)));
    const clip = (s: string) => (s.length > maxChars ? `${s.slice(0, maxChars - 1)}…` : s);
    const clamp = (v: number) => Math.max(M.top, Math.min(H - M.bottom, v));
    const textWidth = (t: string, bold = false) => t.length * FONT * (bold ? 0.66 : 0.6);
    // the fair-value line and its label, the band's label: fixed; the products' labels are placed around them
    const fairLine =
      f0 !== null && f1 !== null
        ? { x1: x(x0), y1: y(f0), x2: x(x1), y2: y(f1), labelY: Math.max(M.top + FONT, y(f1) - 6) }
        : null;
    const fixed: Box[] = [];
    if (fairLine) {
      const w = textWidth("fair-value line");
      fixed.push({ x: fairLine.x2 - 4 - w, y: fairLine.labelY - FONT, width: w, height: FONT + 4 });
    }
    // the band's caption at the top of the band, or at its bottom when the fair-value caption is there
    let bandLabelY = 0;
    if (map.band) {
      const w = textWidth("acceptable range");
      const at = (yy: number): Box => ({ x: W - M.right - 4 - w, y: yy - FONT, width: w, height: FONT + 4 });
      bandLabelY = clamp(y(map.band.pme)) + FONT + 2;
      if (fixed.some((f) => overlapArea(f, at(bandLabelY)) > 0)) bandLabelY = clamp(y(map.band.pmc)) - 4;
      fixed.push(at(bandLabelY));
    }
    const labels = placeLabels(
      pts.map((p) => {
        const name = clip(p.product);
        const second = p.position ? POSITION_TEXT[p.position] : "";
        return {
          cx: x(p.valueScore as number),
          cy: y(p.price as number),
          r: p.product === ours ? 7 : 5.5,
          width: Math.max(textWidth(name, p.product === ours), textWidth(second)),
          height: second ? 2 * FONT + 6 : FONT + 4,
        };
      }),
      { x: M.left, y: M.top, width: W - M.left - M.right, height: H - M.top - M.bottom },
      { fixed, lines: fairLine ? [fairLine] : [] },
    );
    return (
      <ChartSvg
        id={copy.id}
        width={W}
        height={H}
        title={title}
        className={copy.className}
        desc={map.products
          .map(
            (p) =>
              `${p.product}: value ${p.valueScore?.toFixed(1) ?? "–"}, price ${money(p.price)}${p.position ? `, ${POSITION_TEXT[p.position]}` : ""}`,
          )
          .join("; ")}
      >
        {map.band ? (
          <g>
            <rect
              x={M.left}
              width={W - M.left - M.right}
              y={clamp(y(map.band.pme))}
              height={Math.max(0, clamp(y(map.band.pmc)) - clamp(y(map.band.pme)))}
              fill="#1f5fbf"
              fillOpacity={0.08}
            />
            <text x={W - M.right - 4} y={bandLabelY} fontSize={FONT} fill="#1f5fbf" textAnchor="end">
              acceptable range
            </text>
          </g>
        ) : null}
        {y.ticks(5).map((t) => (
          <g key={`y${t}`}>
            <line x1={M.left} x2={W - M.right} y1={y(t)} y2={y(t)} stroke="#e3e7ee" />
            <text x={M.left - 6} y={y(t)} dy="0.32em" textAnchor="end" fontSize={FONT} fill="#5b6675">
              {money(t)}
            </text>
          </g>
        ))}
        {x.ticks(Math.max(2, Math.floor((W - M.left - M.right) / 50))).map((t) => (
          <text key={`x${t}`} x={x(t)} y={H - M.bottom + 16} textAnchor="middle" fontSize={FONT} fill="#5b6675">
            {t}
          </text>
        ))}
        <text x={(M.left + W - M.right) / 2} y={H - 4} textAnchor="middle" fontSize={FONT} fill="#1c2430">
          Value score (0–10) →
        </text>
        {fairLine ? (
          <g>
            <line
              x1={fairLine.x1}
              x2={fairLine.x2}
              y1={fairLine.y1}
              y2={fairLine.y2}
              stroke="#1c2430"
              strokeDasharray="6 4"
              strokeWidth={1.5}
            />
            <text x={fairLine.x2 - 4} y={fairLine.labelY} fontSize={FONT} textAnchor="end" fill="#1c2430">
              fair-value line
            </text>
          </g>
        ) : null}
        {pts.map((p, i) => {
          const cx = x(p.valueScore as number);
          const cy = y(p.price as number);
          const isOurs = p.product === ours;
          const { box, anchor, x: tx, moved } = labels[i];
          // a label moved away from its dot gets a thin leader line to the nearest point of its box
          const lx = Math.max(box.x, Math.min(cx, box.x + box.width));
          const ly = Math.max(box.y, Math.min(cy, box.y + box.height));
          return (
            <g key={p.product} data-product={p.product}>
              {moved ? <line x1={cx} y1={cy} x2={lx} y2={ly} stroke="#8a94a3" strokeWidth={1} /> : null}
              <circle cx={cx} cy={cy} r={isOurs ? 7 : 5.5} fill={isOurs ? "#1f5fbf" : "#6b7785"} />
              <text x={tx} y={box.y + FONT} textAnchor={anchor} fontSize={FONT}>
                <tspan fontWeight={isOurs ? 700 : 400}>{clip(p.product)}</tspan>
                {p.position ? (
                  <tspan x={tx} dy={FONT + 2} fill="#5b6675">
                    {POSITION_TEXT[p.position]}
                  </tspan>
                ) : null}
              </text>
            </g>
          );
        })}
      </ChartSvg>
    );
  };
  return (
    <ChartFigure id={id} width={fixedWidth} download={download} draw={draw}>
      <ChartTable summary="Price/value map as a table" caption={title}>
        <thead>
          <tr>
            <th>Product</th>
            <th className="num">Value score</th>
            <th className="num">Price</th>
            <th className="num">Fair price</th>
            <th>Position</th>
          </tr>
        </thead>
        <tbody>
          {map.products.map((p) => (
            <tr key={p.product}>
              <td data-label="Product">{p.product}</td>
              <td className="num" data-label="Value score">
                {p.valueScore?.toFixed(2) ?? "–"}
              </td>
              <td className="num" data-label="Price">
                {money(p.price)}
              </td>
              <td className="num" data-label="Fair price">
                {money(p.fairPrice)}
              </td>
              <td data-label="Position">{p.position ? POSITION_TEXT[p.position] : "–"}</td>
            </tr>
          ))}
        </tbody>
      </ChartTable>
    </ChartFigure>
  );
}
