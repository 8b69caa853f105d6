import { Form } from "@remix-run/react";
import type { DecisionRule } from "../../../research/studyExport.ts";
import { ruleField } from "../../studies/ruleForm.ts";
import { CONFIDENCE_LEVELS } from "../../studies/rules.ts";
import { FormError } from "../ui/Field.tsx";
import { feedbackFor, Input, SelectField } from "./Inputs.tsx";
import { LeadCriterionFields } from "./LeadCriterionFields.tsx";

const METRICS = [
  { value: "purchase_intent", label: "purchase intent" },
  { value: "appeal", label: "appeal" },
  { value: "relevance", label: "relevance" },
  { value: "uniqueness", label: "uniqueness" },
  { value: "believability", label: "believability" },
];

export interface RuleFormProps {
  rule: DecisionRule;
  rows: number;
  segments: Array<{ key: string; name: string }>;
  items: string[];
  concepts: string[];
  currency: string;
  feedback: unknown;
  locked: boolean;
  /** Competitors setup (lead criteria); absent = no lead criterion offered. */
  competitors?: string[];
  drivers?: string[];
}

/** The pre-registered decision rule as plain form rows (works without JavaScript). */
export function RuleForm(props: RuleFormProps) {
  const { rule, rows, segments, items, concepts, currency, feedback, locked } = props;
  const competitors = props.competitors ?? [];
  const f = feedbackFor(feedback, "rule");
  const segOptions = [
    { value: "", label: "— pick a segment —" },
    ...segments.map((s) => ({ value: s.key, label: `${s.name} (${s.key})` })),
  ];
  return (
    <Form method="post" noValidate className="card" aria-labelledby="rule-h">
      <h2 id="rule-h">Decision rule</h2>
      <p className="muted">
        Decide now what would validate the hypothesis. Each criterion is checked with intervals at the chosen
        confidence: validated when the whole interval passes, invalidated when it clearly fails, inconclusive otherwise.
        All criteria must pass.
      </p>
      <input type="hidden" name="intent" value="rule" />
      <FormError error={f.errors.form} />
      <SelectField
        label="Confidence"
        name="confidence"
        defaultValue={f.value("confidence", rule.confidence)}
        error={f.errors.confidence}
        disabled={locked}
        options={CONFIDENCE_LEVELS.map((c) => ({ value: String(c), label: `${Math.round(c * 100)}%` }))}
      />
      {Array.from({ length: rows }, (_, i) => {
        const c = rule.criteria[i];
        const p = (name: string) => ruleField(i, name);
        const v = (name: string, fallback: unknown) =>
          f.value(p(name), fallback === undefined || fallback === null ? "" : String(fallback));
        const e = (name: string) => f.errors[p(name)];
        const kind = v("kind", c?.kind ?? "");
        // A price row's threshold is typed in its share input (app/studies/ruleForm.ts): show its error there.
        const thresholdOnShare = kind === "price";
        const criterionItems = f.list(p("items"), c?.kind === "valueDriver" ? (c.items ?? []) : []);
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: the slot number is the criterion's identity (fields criteria[0]…[7])
          <fieldset key={i} className="criterion">
            <legend>Criterion {i + 1}</legend>
            <div className="row-form">
              <SelectField
                label="Kind"
                name={p("kind")}
                defaultValue={kind}
                error={e("kind")}
                disabled={locked}
                options={[
                  { value: "", label: c ? "— remove this criterion —" : "— none —" },
                  { value: "concept", label: "Concept: top-2-box score ≥ threshold" },
                  { value: "valueDriver", label: "Value driver: item(s) in the segment's top k" },
                  { value: "price", label: "Price: target price acceptable" },
                  ...(competitors.length ? [{ value: "lead", label: "Competitor: we lead X on a value driver" }] : []),
                ]}
              />
              <SelectField
                label="Segment"
                name={p("segment")}
                defaultValue={v("segment", c?.segment)}
                error={e("segment")}
                disabled={locked}
                options={segOptions}
              />
            </div>
            <fieldset>
              <legend>For a concept criterion</legend>
              <div className="row-form">
                <SelectField
                  label="Metric"
                  name={p("metric")}
                  defaultValue={v("metric", c?.kind === "concept" ? c.metric : "purchase_intent")}
                  error={e("metric")}
                  disabled={locked}
                  options={METRICS}
                />
                <Input
                  label="Top-2-box threshold (%)"
                  name={p("threshold")}
                  type="number"
                  min={0}
                  max={100}
                  step="any"
                  defaultValue={v("threshold", c?.kind === "concept" ? round(c.threshold * 100) : "")}
                  error={thresholdOnShare ? undefined : e("threshold")}
                  disabled={locked}
                />
                <SelectField
                  label="Concept"
                  name={p("concept")}
                  defaultValue={v("concept", c?.kind === "concept" ? c.concept : "")}
                  error={e("concept")}
                  disabled={locked}
                  options={[
                    { value: "", label: "All of this hypothesis's concepts" },
                    ...concepts.map((n) => ({ value: n, label: n })),
                  ]}
                />
              </div>
            </fieldset>
            <fieldset>
              <legend>For a value-driver criterion</legend>
              <Input
                label="Top k"
                name={p("topK")}
                type="number"
                min={1}
                defaultValue={v("topK", c?.kind === "valueDriver" ? c.topK : 3)}
                error={e("topK")}
                disabled={locked}
              />
              <fieldset>
                <legend>Items (none ticked = the hypothesis's linked items)</legend>
                {items.map((it) => (
                  <label key={it} className="inline-choice">
                    <input
                      type="checkbox"
                      name={p("items")}
                      value={it}
                      defaultChecked={criterionItems.includes(it)}
                      disabled={locked}
                    />{" "}
                    {it}
                  </label>
                ))}
                {e("items") ? <p className="field-error">{e("items")}</p> : null}
              </fieldset>
            </fieldset>
            <fieldset>
              <legend>For a price criterion</legend>
              <div className="row-form">
                <SelectField
                  label="Test"
                  name={p("test")}
                  defaultValue={v("test", c?.kind === "price" ? c.test : "inAcceptableRange")}
                  error={e("test")}
                  disabled={locked}
                  options={[
                    { value: "inAcceptableRange", label: "Price inside the segment's acceptable range" },
                    { value: "notTooExpensive", label: "Share not finding the price too expensive ≥ threshold" },
                  ]}
                />
                <Input
                  label={`Price (${currency}; blank = target price)`}
                  name={p("price")}
                  type="number"
                  min={0}
                  step="any"
                  defaultValue={v("price", c?.kind === "price" ? c.price : "")}
                  error={e("price")}
                  disabled={locked}
                />
                <Input
                  label="Share threshold (%) for “not too expensive”"
                  name={p("share")}
                  type="number"
                  min={0}
                  max={100}
                  step="any"
                  defaultValue={v(
                    "share",
                    c?.kind === "price" && c.threshold !== undefined ? round(c.threshold * 100) : "",
                  )}
                  error={thresholdOnShare ? e("threshold") : undefined}
                  disabled={locked}
                />
              </div>
            </fieldset>
            <LeadCriterionFields
              field={p}
              competitors={competitors}
              drivers={props.drivers ?? []}
              value={(name) =>
                v(name, c?.kind === "lead" ? (name === "margin" ? c.margin : c[name as "competitor" | "driver"]) : "")
              }
              error={e}
              locked={locked}
            />
          </fieldset>
        );
      })}
      {!locked ? (
        <div className="actions">
          <button type="submit">Save rule</button>
        </div>
      ) : null}
    </Form>
  );
}

function round(x: number) {
  return Math.round(x * 1000) / 1000;
}
