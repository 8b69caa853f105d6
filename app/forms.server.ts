/** The HTTP side of a form: answering a failed submission. Routes use this; domain modules return Outcomes. */
import { data } from "@remix-run/node";
import { formSnapshot } from "./forms.ts";

/**
 * The parts every builder action needs: which form was posted (intent, row id) and a
 * `fail` that answers with its errors and everything typed, so nothing is lost.
 */
export function builderSubmission(formData: FormData) {
  const intent = String(formData.get("intent") ?? "");
  const rawId = formData.get("id");
  const id = typeof rawId === "string" && rawId ? rawId : null;
  const fail = (errors: Record<string, string>, status = 400) =>
    data({ intent, id, errors, values: formSnapshot(formData) }, { status });
  return { intent, id, fail };
}
