import { ValueMapHeatmap } from "../charts/ValueMapHeatmap.tsx";
import type { ResultsView as View } from "../../results/view.server.ts";

export function ValueMap({ view }: { view: View }) {
  return (
    <section className="card" aria-labelledby="vm-h">
      <h2 id="vm-h">Feature × segment value map</h2>
      <p className="muted">
        “Stacking” features are valued mostly by one segment (worth building for it); “spread” features are valued
        similarly everywhere.
      </p>
      <ValueMapHeatmap
        id="value-map"
        title="Value map: MaxDiff share by feature and segment"
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
