import { Link, useLocation } from "@remix-run/react";
import type { ResultsView as View } from "../../results/view.server.ts";

/**
 * Where the individual (Hierarchical Bayes) utilities stand: computing in the background
 * (progress, a Refresh link that works without JavaScript), or failed. Nothing once ready:
 * the simulator's note says it uses HB.
 */
export function HbNotice({ view }: { view: View }) {
  const hb = view.hb;
  const location = useLocation();
  if (!hb || hb.state === "ready" || hb.state === "none") return null;
  const here = `${location.pathname}${location.search}`;
  if (hb.state === "failed") {
    return (
      <p className="notice hb-notice" role="status">
        Individual utilities (Hierarchical Bayes) could not be computed: {hb.message} The simulator uses
        best-minus-worst counts instead.
      </p>
    );
  }
  const percent = Math.floor(hb.progress * 100);
  return (
    <div className="notice hb-notice" role="status" aria-live="polite">
      <p>
        Computing individual utilities (Hierarchical Bayes)… <span data-hb-progress={percent}>{percent}%</span>
      </p>
      <progress max={100} value={percent} aria-label="Hierarchical Bayes progress">
        {percent}%
      </progress>
      <p className="muted">
        Until it finishes, the simulator ranks each respondent's features by best-minus-worst counts.{" "}
        <Link to={here}>Refresh</Link>
      </p>
    </div>
  );
}
