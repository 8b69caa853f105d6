import { Field } from "../ui/Field.tsx";
import { KeepControls } from "./PriceScenario.tsx";
import type { ResultsView as View } from "../../results/view.server.ts";

const CHOICES = [
  { value: "happy", label: "Most happy customers" },
  { value: "revenue", label: "Most revenue" },
  { value: "revenue-with-happy-floor", label: "Most revenue, keeping each segment's happy share at least" },
] as const;

/** What the price book maximises (a GET form: works without JavaScript). */
export function PriceBookObjective({ view }: { view: View }) {
  const c = view.controls;
  const current = CHOICES.find((x) => x.value === c.objective) ?? CHOICES[0];
  if (!c.interactive)
    return (
      <p className="muted" data-field="price-book-objective">
        Objective: {current.label.toLowerCase()}
        {c.objective === "revenue-with-happy-floor" ? ` ${c.minHappy}%` : ""}.
      </p>
    );
  return (
    <form method="get" className="price-book-objective">
      <KeepControls view={view} except="objective" />
      <fieldset>
        <legend>The price book maximises</legend>
        {c.errors.objective ? <p className="field-error">{c.errors.objective}</p> : null}
        {CHOICES.map((x) => (
          <label key={x.value} className="inline-choice">
            <input type="radio" name="objective" value={x.value} defaultChecked={c.objective === x.value} /> {x.label}
          </label>
        ))}
        <Field
          label="Least happy share per segment (%)"
          name="minHappy"
          idPrefix="pb-"
          inputMode="numeric"
          autoComplete="off"
          defaultValue={c.minHappy}
          error={c.errors.minHappy}
          hint="Used with “most revenue, keeping each segment's happy share at least”."
        />
      </fieldset>
      <div className="actions">
        <button type="submit" className="secondary">
          Recompute the price book
        </button>
      </div>
    </form>
  );
}
