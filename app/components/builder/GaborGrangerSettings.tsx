/**
 * The pricing builder's Gabor–Granger block: on/off, the price ladder (ascending, 3–12 rungs;
 * checked in app/studies/gaborGrangerLadder.ts, the error shown next to the field) and the start
 * rung. Read-only once the pricing is locked.
 */
import { GG_MAX_RUNGS, GG_MIN_RUNGS } from "../../studies/gaborGrangerLadder.ts";
import { Input, SelectField } from "./Inputs.tsx";

export function GaborGrangerSettings({
  enabled,
  ladder,
  start,
  error,
  draft,
}: {
  enabled: boolean;
  ladder: string;
  start: string;
  error?: string;
  draft: boolean;
}) {
  return (
    <section aria-labelledby="gg-heading">
      <h3 id="gg-heading">Gabor–Granger price ladder</h3>
      <p className="muted">
        Respondents see one price at a time and say how likely they would be to buy. After “definitely” or “probably
        would buy” the next price is one rung higher, otherwise one rung lower, until their highest acceptable price is
        found.
      </p>
      <label className="inline-choice">
        <input type="checkbox" name="ggEnabled" defaultChecked={enabled} disabled={!draft} /> Ask the Gabor–Granger
        price ladder
      </label>
      <Input
        label="Prices of the ladder, lowest first"
        name="ggLadder"
        hint={`${GG_MIN_RUNGS} to ${GG_MAX_RUNGS} prices separated by commas, e.g. 19, 29, 39, 49, 59`}
        defaultValue={ladder}
        error={error}
        readOnly={!draft}
        inputMode="decimal"
        autoComplete="off"
      />
      <SelectField
        label="First price asked"
        name="ggStart"
        defaultValue={start}
        disabled={!draft}
        options={[
          { value: "middle", label: "The middle rung" },
          { value: "random", label: "A random rung per respondent" },
        ]}
      />
    </section>
  );
}
