import { scaleLinear } from "d3-scale";

export type ValueMapLabel = "stacking" | "everywhere" | "niche" | "low";

export interface HeatmapFeature {
  item: string;
  shares: Record<string, number | null>;
  label: ValueMapLabel;
  /** Where it stacks when `label` is "stacking", else null. */
  segment: string | null;
  /** The labelling rule stated with this feature's numbers. */
  rule?: string;
}

/** What a label tells a reader, e.g. "Stacks in Real estate". */
export function labelText(f: Pick<HeatmapFeature, "label" | "segment">, segmentNames: Record<string, string>): string {
  if (f.label === "stacking") return f.segment ? `Stacks in ${segmentNames[f.segment] ?? f.segment}` : "Stacks";
  if (f.label === "everywhere") return "Valued everywhere";
  if (f.label === "niche") return "Niche";
  return "Low everywhere";
}

/**
 * Feature × segment value map as an HTML table with heat-coloured cells (shares in %), the label
 * per feature and the sentence behind it. A table, not an SVG: labels wrap instead of being clipped,
 * text keeps the page's size at every width, and on narrow screens rows stack (results.css).
 */
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
  const max = Math.max(1, ...features.flatMap((f) => segments.map((s) => f.shares[s] ?? 0)));
  const color = scaleLinear<string>().domain([0, max]).range(["#f3f6fb", "#1f4f99"]);
  const ink = (v: number) => (v > max * 0.55 ? "#fff" : "#1c2430");
  return (
    <div className="table-wrap">
      <table className="value-map reflow" id={id}>
        <caption className="sr-only">{title}</caption>
        <thead>
          <tr>
            <th scope="col">Feature</th>
            {segments.map((s) => (
              <th key={s} scope="col" className="num">
                {segmentNames[s] ?? s}
              </th>
            ))}
            <th scope="col">Where its value sits</th>
          </tr>
        </thead>
        <tbody>
          {features.map((f) => (
            <tr key={f.item} data-feature={f.item} data-label-kind={f.label}>
              <th scope="row" data-label="Feature">
                {f.item}
              </th>
              {segments.map((s) => {
                const v = f.shares[s];
                return (
                  <td
                    key={s}
                    className="num heat"
                    data-label={segmentNames[s] ?? s}
                    style={v === null || v === undefined ? undefined : { background: color(v), color: ink(v) }}
                  >
                    {v === null || v === undefined ? "–" : `${v.toFixed(1)}%`}
                  </td>
                );
              })}
              <td data-label="Where its value sits">
                <div>
                  <strong className={`vm-label ${f.label}`}>{labelText(f, segmentNames)}</strong>
                  {f.rule ? <div className="muted small">{f.rule}</div> : null}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
