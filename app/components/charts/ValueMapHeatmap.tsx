import { scaleBand, scaleLinear } from "d3-scale";
import { ChartTable } from "./ChartTable.tsx";

export interface HeatmapFeature {
  item: string;
  shares: Record<string, number | null>;
  label: "stacking" | "everywhere" | "niche" | "low";
  stacksIn: string | null;
  concentration: number | null;
  /** The labelling rule stated with this feature's numbers. */
  rule?: string;
}

const M = { top: 56, right: 110, bottom: 8, left: 190 },
  CELL_W = 110,
  CELL_H = 28;

/** Feature × segment heat map of MaxDiff shares with stacking/everywhere/niche/low labels; SVG plus a table alternative. */
export function ValueMapHeatmap({
  id,
  title,
  features,
  segments,
  segmentNames,
}: {
  id: string;
  title: string;
  features: HeatmapFeature[];
  segments: string[];
  segmentNames: Record<string, string>;
}) {
  const W = M.left + M.right + CELL_W * segments.length;
  const H = M.top + M.bottom + CELL_H * features.length;
  const x = scaleBand()
    .domain(segments)
    .range([M.left, W - M.right])
    .padding(0.04);
  const y = scaleBand()
    .domain(features.map((f) => f.item))
    .range([M.top, H - M.bottom])
    .padding(0.06);
  const max = Math.max(1, ...features.flatMap((f) => segments.map((s) => f.shares[s] ?? 0)));
  const color = scaleLinear<string>().domain([0, max]).range(["#f3f6fb", "#1f4f99"]);
  const ink = (v: number) => (v > max * 0.55 ? "#fff" : "#1c2430");
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${id}-t ${id}-d`} className="chart-svg">
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>
          {`MaxDiff share (%) of each feature in each segment; darker is more valued. Stacking features: ${
            features
              .filter((f) => f.label === "stacking")
              .map((f) => f.item)
              .join(", ") || "none"
          }.`}
        </desc>
        {segments.map((s) => (
          <text
            key={s}
            x={(x(s) ?? 0) + x.bandwidth() / 2}
            y={M.top - 10}
            textAnchor="middle"
            fontSize="12"
            fontWeight="600"
            fill="#1c2430"
          >
            {segmentNames[s] ?? s}
          </text>
        ))}
        <text x={W - M.right + 8} y={M.top - 10} fontSize="12" fontWeight="600" fill="#1c2430">
          Pattern
        </text>
        {features.map((f) => {
          const top = y(f.item) ?? 0;
          return (
            <g key={f.item}>
              <text
                x={M.left - 8}
                y={top + y.bandwidth() / 2}
                dy="0.32em"
                textAnchor="end"
                fontSize="12"
                fill="#1c2430"
              >
                {f.item.length > 28 ? `${f.item.slice(0, 27)}…` : f.item}
              </text>
              {segments.map((s) => {
                const v = f.shares[s];
                return (
                  <g key={s}>
                    <rect
                      x={x(s)}
                      y={top}
                      width={x.bandwidth()}
                      height={y.bandwidth()}
                      fill={v === null ? "#eee" : color(v)}
                    />
                    <text
                      x={(x(s) ?? 0) + x.bandwidth() / 2}
                      y={top + y.bandwidth() / 2}
                      dy="0.32em"
                      textAnchor="middle"
                      fontSize="11"
                      fill={v === null ? "#5b6675" : ink(v)}
                    >
                      {v === null ? "–" : v.toFixed(1)}
                    </text>
                  </g>
                );
              })}
              <text
                x={W - M.right + 8}
                y={top + y.bandwidth() / 2}
                dy="0.32em"
                fontSize="11"
                fill={f.label === "stacking" ? "#8a5a00" : "#5b6675"}
              >
                {f.label === "stacking"
                  ? `stacking${f.stacksIn ? ` (${segmentNames[f.stacksIn] ?? f.stacksIn})` : ""}`
                  : f.label}
              </text>
            </g>
          );
        })}
      </svg>
      <ChartTable summary="Value map as a table" caption={title}>
        <thead>
          <tr>
            <th>Feature</th>
            {segments.map((s) => (
              <th key={s} className="num">
                {segmentNames[s] ?? s}
              </th>
            ))}
            <th className="num">Concentration</th>
            <th>Pattern</th>
          </tr>
        </thead>
        <tbody>
          {features.map((f) => (
            <tr key={f.item}>
              <td>{f.item}</td>
              {segments.map((s) => (
                <td key={s} className="num">
                  {f.shares[s] === null || f.shares[s] === undefined ? "–" : `${f.shares[s]!.toFixed(1)}%`}
                </td>
              ))}
              <td className="num">{f.concentration === null ? "–" : f.concentration.toFixed(2)}</td>
              <td>
                {f.label === "stacking"
                  ? `stacking${f.stacksIn ? ` in ${segmentNames[f.stacksIn] ?? f.stacksIn}` : ""}`
                  : f.label}
                {f.rule ? <div className="muted">{f.rule}</div> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </ChartTable>
    </figure>
  );
}
