/** The result every builder write returns; a write refused because the study is launched answers 409. */
import type { FieldErrors } from "../forms.ts";
import { LockedError } from "./lock.server.ts";

export type Outcome = { ok: true; id?: string } | { ok: false; errors: FieldErrors; status?: number };

/** Runs a builder write; a LockedError becomes a form error with status 409, anything else is rethrown. */
export async function guard(fn: () => Promise<Outcome>): Promise<Outcome> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof LockedError) return { ok: false, errors: { form: e.message }, status: 409 };
    throw e;
  }
}
