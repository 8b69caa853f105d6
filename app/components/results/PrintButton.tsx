import { useEffect, useState } from "react";

/** "Print or save as PDF": shown only with JavaScript (without it, the browser's Print command does the same). */
export function PrintButton() {
  const [js, setJs] = useState(false);
  useEffect(() => setJs(true), []);
  if (!js) return null;
  return (
    <button type="button" className="print-button" onClick={() => window.print()}>
      Print or save as PDF
    </button>
  );
}
