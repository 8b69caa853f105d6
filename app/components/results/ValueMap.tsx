import { ValueMapHeatmap } from "../charts/ValueMapHeatmap.tsx";
import type { ResultsView as View } from "../../results/view.server.ts";

export function ValueMap({ view }: { view: View }) {
  const eq = view.valueMap.equalShare;
  return (
    <section className="card" aria-labelledby="vm-h">
      <h2 id="vm-h">Feature × segment value map</h2>
      <p className="vm-rule">
        A feature <strong>stacks</strong> in a segment when that segment's MaxDiff share is at least{" "}
        {view.valueMap.stackingRatio}× every other segment's and its 95% interval lies above theirs; otherwise it is{" "}
        <strong>valued everywhere</strong> when every segment is at or above the equal share
        {eq !== null ? ` of ${eq.toFixed(1)}%` : ""}, <strong>niche</strong> when only some are, and{" "}
        <strong>low everywhere</strong> when none are.
      </p>
      <ValueMapHeatmap
        id="value-map"
        title="Value map: MaxDiff share (%) by feature and segment"
        features={view.valueMap.features}
        segments={view.shown}
        segmentNames={view.segmentNames}
      />
      <ul>
        {view.shown.map((k) => (
          <li key={k}>
            <strong>{view.segmentNames[k]}</strong>: top value drivers{" "}
            {view.valueMap.segments[k]?.topDrivers.join(", ") || "–"}
          </li>
        ))}
      </ul>
    </section>
  );
}
