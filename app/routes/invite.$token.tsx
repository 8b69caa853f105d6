/**
 * An invitation link to a study (made by the owner on the Members page). Signed in: join with
 * one button. Not signed in: sign up or log in first; the link is remembered meanwhile, so the
 * study opens right after signing up.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { getUser, requireUser } from "../auth/session.server.ts";
import { acceptInvite, findInvite } from "../members/members.server.ts";
import { forgetInvite, rememberInvite } from "../members/inviteCookie.server.ts";

export const meta: MetaFunction = () => [{ title: "Invitation · Valuestack" }];

const GONE = "This invitation link is not valid any more. Ask the study's owner for a new one.";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const token = String(params.token ?? "");
  const invite = await findInvite(token);
  if (!invite) throw data({ message: GONE }, { status: 404 });
  const user = await getUser(request);
  const view = {
    study: invite.study.name,
    inviter: invite.invitedBy.name,
    role: invite.role,
    email: invite.email,
    signedIn: !!user,
    path: `/invite/${token}`,
  };
  if (user) return view;
  return data(view, { headers: { "Set-Cookie": await rememberInvite(token) } });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const accepted = await acceptInvite(String(params.token ?? ""), user.id);
  if (!accepted) throw data({ message: GONE }, { status: 404 });
  throw redirect(`/studies/${accepted.studyId}`, { headers: { "Set-Cookie": await forgetInvite() } });
}

export default function Invite() {
  const v = useLoaderData() as {
    study: string;
    inviter: string;
    role: string;
    email: string;
    signedIn: boolean;
    path: string;
  };
  return (
    <div className="narrow">
      <h1>Join “{v.study}”</h1>
      <section className="card">
        <p>
          {v.inviter} invited {v.email} to the study “{v.study}” as {v.role === "editor" ? "an editor" : "a viewer"}
          {v.role === "editor" ? " (you may change the study)" : " (you can read the study and its results)"}.
        </p>
        {v.signedIn ? (
          <Form method="post" className="actions">
            <button type="submit">Join the study</button>
            <Link to="/studies">Not now</Link>
          </Form>
        ) : (
          <>
            <p>Create an account (or log in) first; the study opens right after.</p>
            <p className="actions">
              <Link className="button" to="/signup">
                Sign up
              </Link>
              <Link to={`/login?redirectTo=${encodeURIComponent(v.path)}`}>I have an account</Link>
            </p>
          </>
        )}
      </section>
    </div>
  );
}
