import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { login, loginSchema } from "../auth/accounts.server.ts";
import { createUserSession, getUser, safeRedirect } from "../auth/session.server.ts";
import { Field, FormError } from "../components/ui/Field.tsx";
import { parseForm } from "../forms.ts";

export const meta: MetaFunction = () => [{ title: "Log in · Valuestack" }];

// A throttled login answers 429 with Retry-After; pass the action's header on to the page.
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const headers = new Headers();
  const retryAfter = actionHeaders.get("Retry-After");
  if (retryAfter) headers.set("Retry-After", retryAfter);
  return headers;
};

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getUser(request)) throw redirect("/studies");
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const formData = await request.formData();
  const parsed = parseForm(formData, loginSchema);
  if (!parsed.ok) return data({ errors: parsed.errors, email: parsed.values.email ?? "" }, { status: 400 });
  const result = await login(request, parsed.data);
  if (!result.ok) {
    return data(
      { errors: result.errors, email: parsed.data.email },
      { status: result.status, headers: result.retryAfter ? { "Retry-After": String(result.retryAfter) } : {} },
    );
  }
  return createUserSession(result.userId, safeRedirect(formData.get("redirectTo")));
}

export default function Login() {
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const errors: Record<string, string> = actionData?.errors ?? {};
  return (
    <div className="narrow">
      <h1>Log in</h1>
      <Form method="post" noValidate className="card">
        <FormError error={errors.form} />
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
        <Field
          label="Email"
          name="email"
          type="email"
          autoComplete="email"
          defaultValue={actionData?.email}
          error={errors.email}
          required
        />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          error={errors.password}
          required
        />
        <div className="actions">
          <button type="submit" disabled={busy}>
            {busy ? "Logging in…" : "Log in"}
          </button>
          <Link to="/signup">Create an account</Link>
        </div>
      </Form>
    </div>
  );
}
