import type { ReactNode } from "react";

/** The accessible data-table alternative under every chart: collapsed, captioned with the chart's title. */
export function ChartTable({ summary, caption, children }: { summary: string; caption: string; children: ReactNode }) {
  return (
    <details>
      <summary>{summary}</summary>
      <div className="table-wrap">
        <table>
          <caption className="sr-only">{caption}</caption>
          {children}
        </table>
      </div>
    </details>
  );
}
