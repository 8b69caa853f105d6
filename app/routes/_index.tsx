import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { getUser } from "../auth/session.server.ts";

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getUser(request)) throw redirect("/studies");
  return null;
}

export default function Index() {
  return (
    <div className="stack">
      <h1>Know what each segment values and what it will pay</h1>
      <p>
        Valuestack runs concept tests, Van Westendorp price sensitivity and MaxDiff as one study per customer segment,
        and turns the answers into validated (or invalidated) value hypotheses, segment price bands and a feature ×
        segment value map.
      </p>
      <p className="actions">
        <Link className="button" to="/login">
          Log in
        </Link>
        <Link className="button secondary" to="/signup">
          Create an account
        </Link>
      </p>
    </div>
  );
}
