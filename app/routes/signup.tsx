import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { signup, signupSchema } from "../auth/accounts.server.ts";
import { createUserSession, getUser } from "../auth/session.server.ts";
import { Field, FormError } from "../components/ui/Field.tsx";
import { queueVerificationEmail } from "../email/verification.server.ts";
import { parseForm } from "../forms.ts";

export const meta: MetaFunction = () => [{ title: "Sign up · Valuestack" }];

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getUser(request)) throw redirect("/studies");
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const parsed = parseForm(await request.formData(), signupSchema);
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const result = await signup(parsed.data);
  if (!result.ok)
    return data(
      { errors: result.errors, values: { name: parsed.data.name, email: parsed.data.email, role: parsed.data.role } },
      { status: 400 },
    );
  await queueVerificationEmail(result.userId); // studies send mail only from a confirmed address
  return createUserSession(result.userId, "/studies");
}

export default function Signup() {
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errors: Record<string, string> = actionData?.errors ?? {};
  const values: Record<string, string> = actionData?.values ?? {};
  return (
    <div className="narrow">
      <h1>Create an account</h1>
      <Form method="post" noValidate className="card">
        <FormError error={errors.form} />
        <Field label="Name" name="name" autoComplete="name" defaultValue={values.name} error={errors.name} required />
        <Field
          label="Email"
          name="email"
          type="email"
          autoComplete="email"
          defaultValue={values.email}
          error={errors.email}
          required
        />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          hint="At least 10 characters."
          error={errors.password}
          required
        />
        <fieldset>
          <legend>I will mostly</legend>
          <label className="inline-choice">
            <input type="radio" name="role" value="researcher" defaultChecked={values.role !== "viewer"} /> build
            studies (researcher)
          </label>
          <label className="inline-choice">
            <input type="radio" name="role" value="viewer" defaultChecked={values.role === "viewer"} /> review results
            (product marketer, viewer)
          </label>
          {errors.role ? <p className="field-error">{errors.role}</p> : null}
        </fieldset>
        <div className="actions">
          <button type="submit" disabled={busy}>
            {busy ? "Creating…" : "Create account"}
          </button>
          <Link to="/login">I have an account</Link>
        </div>
      </Form>
    </div>
  );
}
