/** The link of the verification email: confirms the account's address (once). */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { verifyEmailToken } from "../email/verification.server.ts";
import { limitLinkRequests, recordLinkMiss, tooManyLinkRequests } from "../respondents/links.server.ts";

export const meta: MetaFunction = () => [
  { title: "Confirm your email · Valuestack" },
  { name: "robots", content: "noindex, nofollow" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const wait = await limitLinkRequests(request);
  if (wait) return tooManyLinkRequests(wait);
  const verified = await verifyEmailToken(params.token);
  if (!verified) {
    const w = await recordLinkMiss(request);
    return w ? tooManyLinkRequests(w) : data({ state: "invalid" as const }, { status: 404 });
  }
  return { state: "verified" as const, email: verified.email };
}

export default function VerifyEmail() {
  const d = useLoaderData<typeof loader>() as { state: string; email?: string; message?: string };
  return (
    <div className="narrow">
      {d.state === "verified" ? (
        <section className="card">
          <h1>Your email address is confirmed</h1>
          <p>{`${d.email} is confirmed. Your studies can now send invitations and reminders.`}</p>
          <p>
            <Link to="/studies">Go to your studies</Link>
          </p>
        </section>
      ) : d.state === "rate_limited" ? (
        <section className="card">
          <h1>Please wait a moment</h1>
          <p>{d.message}</p>
        </section>
      ) : (
        <section className="card">
          <h1>This confirmation link does not work</h1>
          <p>
            It may have been used already, or a newer link was sent. Log in and ask for a new one on a study's
            respondents page.
          </p>
        </section>
      )}
    </div>
  );
}
