import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { requireResearcher } from "../auth/permissions.server.ts";
import { TextArea } from "../components/builder/Inputs.tsx";
import { Field, FormError } from "../components/ui/Field.tsx";
import { parseForm } from "../forms.ts";
import { studySchema } from "../studies/builderSchemas.ts";
import { createStudy } from "../studies/study.server.ts";
import builderStyles from "../styles/builder.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: builderStyles }];
export const meta: MetaFunction = () => [{ title: "New study · Valuestack" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireResearcher(request);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireResearcher(request);
  const parsed = parseForm(await request.formData(), studySchema);
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const id = await createStudy(user.id, parsed.data);
  throw redirect(`/studies/${id}/build/segments`);
}

export default function NewStudy() {
  const actionData = useActionData<typeof action>() as
    | { errors?: Record<string, string>; values?: Record<string, string> }
    | undefined;
  const errors: Record<string, string> = actionData?.errors ?? {};
  const values: Record<string, string> = actionData?.values ?? {};
  return (
    <div className="narrow-wide">
      <p className="muted">
        <Link to="/studies">Studies</Link> /
      </p>
      <h1>New study</h1>
      <p>
        A study tests value hypotheses in customer segments with a concept test, MaxDiff and Van Westendorp pricing.
        Start with the basics; you add segments, hypotheses and the survey blocks next.
      </p>
      <Form method="post" noValidate className="card">
        <FormError error={errors.form} />
        <Field label="Study name" name="name" defaultValue={values.name} error={errors.name} required maxLength={200} />
        <Field
          label="Currency"
          name="currency"
          defaultValue={values.currency ?? "USD"}
          error={errors.currency}
          hint="Three-letter code, e.g. USD, EUR, GBP."
          required
          maxLength={3}
        />
        <TextArea
          label="Product description"
          name="productDescription"
          defaultValue={values.productDescription}
          error={errors.productDescription}
          hint="Shown to respondents before the pricing questions."
        />
        <div className="actions">
          <button type="submit">Create study</button>
          <Link to="/studies">Cancel</Link>
        </div>
      </Form>
    </div>
  );
}
