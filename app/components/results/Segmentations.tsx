import { Form, Link } from "@remix-run/react";
import type { NeedsSegmentsState } from "../../results/latentClass.server.ts";
import type { SegmentationChoice } from "../../results/segmentation.server.ts";
import type { ResultsView as View } from "../../results/view.server.ts";
import { Field, FormError } from "../ui/Field.tsx";

/**
 * Which segments the page shows: the declared ones or a saved segmentation (a plain GET form,
 * `?segmentation=<id>`, so it works without JavaScript and the address can be shared).
 */
export function SegmentationPicker({ view, segmentations }: { view: View; segmentations: SegmentationChoice[] }) {
  if (segmentations.length === 0) return null;
  return (
    <Form method="get" className="segment-filter segmentation-picker" key={view.segmentation?.id ?? ""}>
      <label htmlFor="segmentation-picker">Segments by</label>
      <select id="segmentation-picker" name="segmentation" defaultValue={view.segmentation?.id ?? ""}>
        <option value="">Declared segments</option>
        {segmentations.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name} ({s.classCount} groups found in the data{s.stale ? ", out of date" : ""})
          </option>
        ))}
      </select>
      <button type="submit" className="secondary">
        Show
      </button>
    </Form>
  );
}

/** Removes the shown saved segmentation (editors; results page only). */
export function RemoveSegmentation({ view }: { view: View }) {
  const s = view.segmentation;
  if (!s || !view.canEdit) return null;
  return (
    <Form method="post" className="remove-segmentation">
      <input type="hidden" name="intent" value="delete-segmentation" />
      <input type="hidden" name="id" value={s.id} />
      <button type="submit" className="secondary">
        {`Remove the segmentation “${s.name}”`}
      </button>
    </Form>
  );
}

/** Says which segmentation the page (or report) shows, that its hypotheses are exploratory, and if it is stale. */
export function SegmentationNote({ view }: { view: View }) {
  const s = view.segmentation;
  if (!s) return null;
  return (
    <div className="notice segmentation-note" role="status" data-segmentation={s.name}>
      <p>
        <strong>{`Shown by the saved segmentation “${s.name}”`}</strong>
        {`: ${view.segments.length} needs-based groups found in the MaxDiff answers (latent classes), instead of the `}
        declared segments. The groups were found after the data, so every hypothesis is <strong>exploratory</strong>:
        its pre-registered rule is evaluated in each group.
      </p>
      {s.stale ? <p className="warning">{staleSentence(s.unassigned)}</p> : null}
    </div>
  );
}

/** "Out of date: …, and 1 completed respondent is in no group. …" (one sentence, singular or plural). */
function staleSentence(unassigned: number): string {
  const who =
    unassigned === 1 ? "1 completed respondent is in no group" : `${unassigned} completed respondents are in no group`;
  return (
    `Out of date: answers arrived after it was saved${unassigned > 0 ? `, and ${who}` : ""}. ` +
    "They count in the overall figures only; save a new segmentation to include them."
  );
}

export interface SaveFeedback {
  errors: Record<string, string>;
  values: { name: string; classes: number; classNames: string[] };
}

/**
 * "Save as a segmentation" under "Segments in the data" (editors only): a name, and a name per
 * group (defaults: its top items). The number of groups is BIC's choice unless the researcher
 * picks another one with the links (GET `?saveClasses=C`, no JavaScript needed).
 */
export function SaveSegmentation({
  state,
  saveClasses,
  feedback,
  search,
}: {
  state: NeedsSegmentsState;
  saveClasses: number | null;
  feedback?: SaveFeedback | null;
  search: string;
}) {
  if (state.state !== "ready") return null;
  const r = state.result;
  const saveable = r.solutions.filter((s) => s.saveable && s.classCount > 1);
  if (saveable.length === 0) return null;
  const wanted = feedback?.values.classes ?? saveClasses ?? r.chosen;
  const solution = saveable.find((s) => s.classCount === wanted) ?? saveable.find((s) => s.classCount === r.chosen);
  if (!solution) return null;
  const C = solution.classCount;
  const others = saveable.filter((s) => s.classCount !== C);
  const link = (c: number) => {
    const p = new URLSearchParams(search);
    p.set("saveClasses", String(c));
    return `?${p.toString()}#save-segmentation-h`;
  };
  const errors = feedback?.errors ?? {};
  const names = feedback?.values.classNames ?? solution.classNames;
  return (
    <section className="card save-segmentation" aria-labelledby="save-segmentation-h">
      <h2 id="save-segmentation-h">Save the groups as a segmentation</h2>
      <p>
        Every respondent is assigned to their most likely group. Then every results view, export and the report can be
        shown by these {C} groups instead of the declared segments.
        {C === r.chosen ? " BIC chose this number of groups." : ` BIC chose ${r.chosen}.`}
      </p>
      {others.length > 0 ? (
        <p className="muted">
          Save another number of groups instead:{" "}
          {others.map((s, i) => (
            <span key={s.classCount}>
              {i > 0 ? ", " : null}
              <Link to={link(s.classCount)}>{s.classCount} groups</Link>
            </span>
          ))}
        </p>
      ) : null}
      <Form method="post" className="stack" noValidate>
        <FormError error={errors.form} />
        <input type="hidden" name="intent" value="save-segmentation" />
        <input type="hidden" name="classes" value={C} />
        <GroupError error={errors.classes} />
        <Field
          label="Name of the segmentation"
          name="name"
          idPrefix="seg-"
          defaultValue={feedback?.values.name ?? `Needs-based groups (${C})`}
          error={errors.name}
          maxLength={80}
          required
        />
        {solution.classNames.map((defaultName, i) => (
          <Field
            // biome-ignore lint/suspicious/noArrayIndexKey: one input per class, in class order
            key={`${C}-${i}`}
            label={`Group ${i + 1} (${Math.round((solution.sizes[i] ?? 0) * 100)}% of respondents)`}
            name={`className${i + 1}`}
            idPrefix="seg-"
            defaultValue={names[i] ?? defaultName}
            error={errors[`className${i + 1}`]}
            maxLength={80}
            required
          />
        ))}
        <GroupError error={errors.classNames} />
        <div className="actions">
          <button type="submit">Save segmentation</button>
        </div>
      </Form>
    </section>
  );
}

function GroupError({ error }: { error?: string }) {
  return error ? <p className="field-error">{error}</p> : null;
}
