import { scaleBand, scaleLinear } from "d3-scale";
import { ChartTable } from "./ChartTable.tsx";

export interface ShareRow {
  label: string;
  share: number | null;
  interval: [number, number] | null;
}

const W = 640,
  M = { top: 8, right: 56, bottom: 28, left: 190 },
  ROW = 26;

/** Horizontal bars of MaxDiff shares (%) with interval whiskers; server-rendered SVG with a table alternative. */
export function SharesChart({ id, title, rows }: { id: string; title: string; rows: ShareRow[] }) {
  const H = M.top + M.bottom + ROW * rows.length;
  const max = Math.max(10, ...rows.map((r) => r.interval?.[1] ?? r.share ?? 0));
  const x = scaleLinear()
    .domain([0, max])
    .range([M.left, W - M.right])
    .nice();
  const y = scaleBand()
    .domain(rows.map((r) => r.label))
    .range([M.top, H - M.bottom])
    .padding(0.25);
  const fmt = (v: number | null) => (v === null ? "–" : `${v.toFixed(1)}%`);
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${id}-t ${id}-d`} className="chart-svg">
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>{rows.map((r) => `${r.label}: ${fmt(r.share)}`).join("; ")}</desc>
        {x.ticks(5).map((t) => (
          <g key={t}>
            <line x1={x(t)} x2={x(t)} y1={M.top} y2={H - M.bottom} stroke="#e3e7ee" />
            <text x={x(t)} y={H - M.bottom + 16} textAnchor="middle" fontSize="11" fill="#5b6675">
              {t}%
            </text>
          </g>
        ))}
        {rows.map((r) => {
          const top = y(r.label) ?? 0;
          const mid = top + y.bandwidth() / 2;
          return (
            <g key={r.label}>
              <text x={M.left - 8} y={mid} dy="0.32em" textAnchor="end" fontSize="12" fill="#1c2430">
                {r.label.length > 28 ? `${r.label.slice(0, 27)}…` : r.label}
              </text>
              {r.share !== null ? (
                <rect
                  x={x(0)}
                  y={top}
                  width={Math.max(0, x(r.share) - x(0))}
                  height={y.bandwidth()}
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
              <text x={W - M.right + 4} y={mid} dy="0.32em" fontSize="11" fill="#1c2430">
                {fmt(r.share)}
              </text>
            </g>
          );
        })}
      </svg>
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
              <td>{r.label}</td>
              <td className="num">{fmt(r.share)}</td>
              <td className="num">{r.interval ? `${r.interval[0].toFixed(1)}–${r.interval[1].toFixed(1)}%` : "–"}</td>
            </tr>
          ))}
        </tbody>
      </ChartTable>
    </figure>
  );
}
