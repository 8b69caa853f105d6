import { scaleLinear, scalePoint } from "d3-scale";
import { line } from "d3-shape";
import { ChartTable } from "../charts/ChartTable.tsx";
import { useChartWidth } from "../charts/useChartWidth.ts";

const FONT = 12;
const COLORS = ["#1f5fbf", "#b3261e", "#1b7f3b", "#8a5a00", "#6a3fb5", "#00707a", "#a33a7a", "#4d4d4d"];
const DASHES = [undefined, "6 3", "2 3", "8 3 2 3"];

/**
 * Cumulative completes per segment by day (SVG drawn at its container's width so text stays 12 CSS px on a
 * 390 px phone), each segment's target as a dotted line, with a legend in HTML and a data table alternative.
 */
export function CompletesChart({
  days,
  series,
}: {
  days: string[];
  series: { key: string; name: string; target: number; values: number[] }[];
}) {
  const { ref, width } = useChartWidth<HTMLDivElement>();
  const height = 220;
  const m = { top: 12, right: 12, bottom: 30, left: 40 };
  const yMax = Math.max(1, ...series.flatMap((s) => [...s.values, s.target]));
  const x = scalePoint<string>()
    .domain(days.length > 0 ? days : [""])
    .range([m.left, width - m.right])
    .padding(days.length === 1 ? 0.5 : 0);
  const y = scaleLinear()
    .domain([0, yMax])
    .nice()
    .range([height - m.bottom, m.top]);
  const path = line<number>()
    .x((_, i) => x(days[i]) ?? m.left)
    .y((v) => y(v));
  const every = Math.max(1, Math.ceil((days.length * 48) / Math.max(1, width - m.left - m.right)));
  const short = (d: string) => d.slice(5);
  return (
    <figure className="fielding-chart" aria-labelledby="completes-title">
      <figcaption id="completes-title">Completes per segment over time (cumulative, by day, UTC)</figcaption>
      <div ref={ref} className="chart-box">
        <svg
          width={width}
          height={height}
          viewBox={`0 0 ${width} ${height}`}
          style={{ maxWidth: "100%", height: "auto" }}
          role="img"
          aria-label="Completes per segment over time"
          fontSize={FONT}
        >
          {y.ticks(5).map((t) => (
            <g key={t}>
              <line x1={m.left} x2={width - m.right} y1={y(t)} y2={y(t)} stroke="#e3e3e3" />
              <text x={m.left - 6} y={y(t) + 4} textAnchor="end" fontSize={FONT} fill="#333">
                {t}
              </text>
            </g>
          ))}
          {days.map((d, i) =>
            i % every === 0 ? (
              <text key={d} x={x(d)} y={height - 10} textAnchor="middle" fontSize={FONT} fill="#333">
                {short(d)}
              </text>
            ) : null,
          )}
          {series.map((s, i) => (
            <g key={s.key}>
              <line
                x1={m.left}
                x2={width - m.right}
                y1={y(s.target)}
                y2={y(s.target)}
                stroke={COLORS[i % COLORS.length]}
                strokeDasharray="1 4"
              />
              {days.length > 1 ? (
                <path
                  d={path(s.values) ?? ""}
                  fill="none"
                  stroke={COLORS[i % COLORS.length]}
                  strokeWidth={2}
                  strokeDasharray={DASHES[i % DASHES.length]}
                />
              ) : null}
              {s.values.map((v, j) => (
                <circle key={days[j]} cx={x(days[j])} cy={y(v)} r={3} fill={COLORS[i % COLORS.length]} />
              ))}
            </g>
          ))}
        </svg>
      </div>
      <ul className="legend">
        {series.map((s, i) => (
          <li key={s.key}>
            <span className="swatch" style={{ background: COLORS[i % COLORS.length] }} aria-hidden="true" /> {s.name}{" "}
            (target {s.target}, dotted)
          </li>
        ))}
      </ul>
      <ChartTable summary="Completes per day as a table" caption="Cumulative completes per segment by day">
        <thead>
          <tr>
            <th scope="col">Day</th>
            {series.map((s) => (
              <th key={s.key} scope="col">
                {s.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {days.map((d, j) => (
            <tr key={d}>
              <th scope="row">{d}</th>
              {series.map((s) => (
                <td key={s.key}>{s.values[j]}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </ChartTable>
    </figure>
  );
}
