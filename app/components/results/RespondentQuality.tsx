import { QUALITY_FLAG_LABELS } from "../../../research/quality/gate.ts";
import type { QualityView } from "../../results/quality.server.ts";

const pct = (x: number) => `${Math.round(x * 100)}%`;
const signed = (x: number) => (x >= 0 ? `+${x.toFixed(2)}` : `−${Math.abs(x).toFixed(2)}`);

const flagName = (kind: QualityView["byKind"][number]["kind"]) => QUALITY_FLAG_LABELS[kind].replace(/ \(.*\)$/, "");

/**
 * What the pre-registered gate excludes, the speeder rule and the MaxDiff fit cutoff (or that it is pending).
 * `where`: the results the exclusions apply to, as the reader's page names them.
 */
export function QualityGateNote({ q, where = "on this page" }: { q: QualityView; where?: string }) {
  const excludes = q.exclude.map((k) => flagName(k).toLowerCase());
  return (
    <>
      <p>
        {excludes.length
          ? `Pre-registered at launch: respondents flagged for ${excludes.join(", ")} are excluded from every ` +
            `result ${where}.`
          : "No flag excludes respondents in this study (none was chosen before launch): flagged respondents are " +
            "listed below and still counted."}
      </p>
      <p className="muted">
        Speeders: total time under {pct(q.speederShare)} of the median
        {q.median ? ` (median ${q.median})` : " (no page timings recorded)"}.{" "}
        {q.rlhCutoff === null
          ? "MaxDiff fit is checked once Hierarchical Bayes has finished."
          : `MaxDiff fit cutoff (RLH): ${q.rlhCutoff.toFixed(3)}, the 95th percentile of simulated random respondents.`}
      </p>
    </>
  );
}

/** Completed respondents per segment before and after the gate; `withFlagged` adds how many of them are flagged. */
export function QualityCounts({ q, withFlagged = false }: { q: QualityView; withFlagged?: boolean }) {
  return (
    <div className="table-wrap">
      <table className="reflow">
        <caption>
          {withFlagged
            ? "Completed respondents flagged and excluded by the quality gate"
            : "Completed respondents before and after the quality gate"}
        </caption>
        <thead>
          <tr>
            <th>Segment</th>
            <th className="num">Before</th>
            {withFlagged ? <th className="num">Flagged</th> : null}
            <th className="num">Excluded</th>
            <th className="num">After</th>
          </tr>
        </thead>
        <tbody>
          {q.counts.map((c) => (
            <tr key={c.key || "all"} data-quality-segment={withFlagged ? c.key || "all" : undefined}>
              <th scope="row" data-label="Segment">
                {c.name}
              </th>
              <td className="num" data-label="Before">
                {c.before}
              </td>
              {withFlagged ? (
                <td className="num" data-label="Flagged">
                  {c.flagged}
                </td>
              ) : null}
              <td className="num" data-label="Excluded">
                {c.before - c.after}
              </td>
              <td className="num" data-label="After">
                {c.after}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Per flag: how many are flagged and whether the gate excludes them. */
export function QualityFlagKinds({ q }: { q: QualityView }) {
  return (
    <ul aria-label="Flags">
      {q.byKind.map((k) => (
        <li key={k.kind}>
          {`${k.label}: ${k.flagged} flagged${k.excludes ? ", excluded" : k.flagged ? ", kept" : ""}`}
        </li>
      ))}
    </ul>
  );
}

/** The flagged respondents with their reasons (pseudonyms; editors also see who it is). */
export function FlaggedRespondents({ q }: { q: QualityView }) {
  if (q.total === 0) return <p>No respondent is flagged.</p>;
  return (
    <>
      {q.total > q.respondents.length ? (
        <p className="muted">
          The first {q.respondents.length} of {q.total} are listed; the exports carry every respondent&apos;s flags.
        </p>
      ) : null}
      <div className="table-wrap">
        <table className="reflow">
          <caption className="sr-only">Flagged respondents with reasons</caption>
          <thead>
            <tr>
              <th>Respondent</th>
              <th>Segment</th>
              <th>Reasons</th>
              <th>Counted</th>
            </tr>
          </thead>
          <tbody>
            {q.respondents.map((r) => (
              <tr key={r.id} data-flagged-respondent={r.id}>
                <th scope="row" data-label="Respondent">
                  {r.id}
                  {r.who ? <span className="muted">{` (${r.who})`}</span> : null}
                </th>
                <td data-label="Segment">{r.segment}</td>
                <td data-label="Reasons">
                  <ul className="plain">
                    {r.flags.map((f) => (
                      <li key={f.kind}>{`${flagName(f.kind)}: ${f.reason}`}</li>
                    ))}
                  </ul>
                </td>
                <td data-label="Counted">{r.excluded ? "Excluded" : "Kept"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** The results page's "Respondent quality" section: the pre-registered gate, n before/after, flagged respondents. */
export function RespondentQuality({ q }: { q: QualityView }) {
  return (
    <section className="card" aria-labelledby="quality-h">
      <h2 id="quality-h">Respondent quality</h2>
      <QualityGateNote q={q} />
      <QualityCounts q={q} />
      <QualityFlagKinds q={q} />
      <h3>Flagged respondents</h3>
      <FlaggedRespondents q={q} />
      {q.covariates ? (
        <>
          <h3>Hierarchical Bayes covariates</h3>
          {q.covariates.used ? (
            <>
              <p>
                Hierarchical Bayes used the segments as covariates: each segment's respondents are shrunk toward their
                own segment's mean, not one population mean. Effects are a segment's mean utility minus the population
                mean, with 95% intervals.
              </p>
              <div className="table-wrap">
                <table className="reflow">
                  <thead>
                    <tr>
                      <th>Segment</th>
                      <th>Item</th>
                      <th className="num">Effect</th>
                      <th className="num">95% interval</th>
                    </tr>
                  </thead>
                  <tbody>
                    {q.covariates.effects.map((e) => (
                      <tr key={`${e.level}\u0000${e.item}`}>
                        <th scope="row" data-label="Segment">
                          {e.level}
                        </th>
                        <td data-label="Item">{e.item}</td>
                        <td className="num" data-label="Effect">
                          {signed(e.effect)}
                        </td>
                        <td className="num" data-label="95% interval">
                          {signed(e.interval[0])} to {signed(e.interval[1])}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          ) : (
            <p>Hierarchical Bayes used one population mean for all respondents (no segment covariates).</p>
          )}
        </>
      ) : null}
    </section>
  );
}
