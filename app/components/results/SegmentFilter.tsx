import { Form } from "@remix-run/react";
import type { ResultsView as View } from "../../results/view.server.ts";

/** Segment filter; keyed by the shown segment so the dropdown always says what the page shows after navigation. */
export function SegmentFilter({ view, action }: { view: View; action?: string }) {
  return (
    <Form
      method="get"
      action={action}
      className="segment-filter"
      key={`${view.segmentation?.id ?? ""}|${view.segment ?? ""}`}
    >
      {view.segmentation ? <input type="hidden" name="segmentation" value={view.segmentation.id} /> : null}
      <label htmlFor="segment-filter">{view.segmentation ? "Group" : "Segment"}</label>
      <select id="segment-filter" name="segment" defaultValue={view.segment ?? ""}>
        <option value="">{view.segmentation ? "All groups" : "All segments"}</option>
        {view.segments.map((s) => (
          <option key={s.key} value={s.key}>
            {s.name}
          </option>
        ))}
      </select>
      <button type="submit" className="secondary">
        Show
      </button>
    </Form>
  );
}
