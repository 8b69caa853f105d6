import type { ReactNode } from "react";
import { Form } from "@remix-run/react";
import { FormError } from "../ui/Field.tsx";
import { feedbackFor, RemoveRowButton } from "./Inputs.tsx";

export type RowFeedback = ReturnType<typeof feedbackFor>;

/**
 * One saved row of a builder list (segment, MaxDiff item, concept): its edit form, posting `intent` with the
 * row's id, with the save's or the removal's form error on top, the fields `fields(f)` draws with the save's
 * feedback `f`, and a save button; then the small form that removes the row (`removeIntent`).
 * `save` / `remove`: the buttons' text, null = no button (e.g. after launch).
 */
export function EntityRow({
  id,
  label,
  intent,
  removeIntent,
  actionData,
  encType,
  save,
  remove,
  fields,
}: {
  id: string;
  /** The edit form's accessible name, e.g. "Segment Tech". */
  label: string;
  intent: string;
  removeIntent: string;
  actionData: unknown;
  encType?: "multipart/form-data";
  save: ReactNode;
  remove: ReactNode;
  fields: (f: RowFeedback) => ReactNode;
}) {
  const f = feedbackFor(actionData, intent, id);
  const r = feedbackFor(actionData, removeIntent, id);
  return (
    <div className="entity">
      <Form method="post" encType={encType} noValidate aria-label={label}>
        <input type="hidden" name="intent" value={intent} />
        <input type="hidden" name="id" value={id} />
        <FormError error={f.errors.form ?? r.errors.form} />
        {fields(f)}
        {save ? (
          <div className="actions">
            <button type="submit" className="secondary">
              {save}
            </button>
          </div>
        ) : null}
      </Form>
      {remove ? (
        <RemoveRowButton intent={removeIntent} id={id}>
          {remove}
        </RemoveRowButton>
      ) : null}
    </div>
  );
}
