/**
 * Who has access to the study. Only the owner sees this page: add a person by email as viewer
 * or editor (an existing account at once, otherwise an invitation emailed through the outbox, or
 * shown as a link while the study may not send mail yet), change a role,
 * remove a member (from then on every study route answers 404 for them), cancel an invitation.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireStudyAccess } from "../auth/permissions.server.ts";
import { feedbackFor } from "../components/builder/Inputs.tsx";
import { Field, FormError, SelectField } from "../components/ui/Field.tsx";
import { MEMBER_ROLES } from "../domain/status.ts";
import { parseForm } from "../forms.ts";
import {
  addMember,
  cancelInvite,
  changeMemberRole,
  INVITE_RESEND_MS,
  inviteSchema,
  listMembers,
  memberRoleField,
  removeMember,
  ROLE_LABELS,
} from "../members/members.server.ts";

const INVITE_RESEND_MINUTES = INVITE_RESEND_MS / 60_000;
const roleOptions = MEMBER_ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }));

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { studyId } = await requireStudyAccess(request, params.studyId, "manage");
  const url = new URL(request.url);
  return { ...(await listMembers(studyId)), done: url.searchParams.get("done") };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { studyId, user } = await requireStudyAccess(request, params.studyId, "manage");
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");
  const back = (done: string) => redirect(`/studies/${studyId}/members?done=${done}`);
  if (intent === "add") {
    const parsed = parseForm(formData, inviteSchema);
    if (!parsed.ok) return data({ intent, errors: parsed.errors, values: parsed.values }, { status: 400 });
    const r = await addMember(studyId, user.id, parsed.data);
    if (r.kind === "error")
      return data(
        { intent, errors: r.errors, values: { email: parsed.data.email, role: parsed.data.role } },
        { status: 400 },
      );
    if (r.kind === "added") throw back("added");
    if ("link" in r)
      // Not emailed (the study may not send mail yet): the link is shown to the owner, in this response only.
      return data({
        intent,
        errors: {},
        values: {},
        invited: { email: r.email, role: r.role, link: r.link, refusal: r.refusal },
      });
    return data({ intent, errors: {}, values: {}, emailed: { email: r.email, role: r.role, again: r.emailed } });
  }
  const userId = String(formData.get("userId") ?? "");
  if (intent === "role") {
    const role = memberRoleField.safeParse(formData.get("role"));
    if (!role.success)
      return data({ intent, errors: { form: "Choose viewer or editor." }, values: {} }, { status: 400 });
    if (!(await changeMemberRole(studyId, userId, role.data)))
      return data({ intent, errors: { form: "That person is no longer a member." }, values: {} }, { status: 404 });
    throw back("role");
  }
  if (intent === "remove") {
    if (!(await removeMember(studyId, userId)))
      return data({ intent, errors: { form: "That person is no longer a member." }, values: {} }, { status: 404 });
    throw back("removed");
  }
  if (intent === "cancel-invite") {
    if (!(await cancelInvite(studyId, String(formData.get("inviteId") ?? ""))))
      return data({ intent, errors: { form: "That invitation is gone already." }, values: {} }, { status: 404 });
    throw back("cancelled");
  }
  return data({ intent, errors: { form: "Unknown action." }, values: {} }, { status: 400 });
}

type ActionData = {
  intent: string;
  errors: Record<string, string>;
  values: Record<string, string>;
  invited?: { email: string; role: string; link: string; refusal: string };
  emailed?: { email: string; role: string; again: "queued" | "already" };
};

const DONE: Record<string, string> = {
  added: "Added: they can open the study now.",
  role: "Role changed.",
  removed: "Removed: they can no longer open this study.",
  cancelled: "Invitation cancelled: its link no longer works.",
};

export default function Members() {
  const { owner, members, invites, done } = useLoaderData<typeof loader>();
  const actionData = useActionData() as ActionData | undefined;
  const add = feedbackFor(actionData, "add");
  const invited = actionData?.invited ?? null;
  const emailed = actionData?.emailed ?? null;
  const otherError = actionData && actionData.intent !== "add" ? actionData.errors.form : undefined;
  return (
    <div className="stack">
      {done && DONE[done] ? (
        <p className="notice" role="status">
          {DONE[done]}
        </p>
      ) : null}
      <FormError error={otherError} />
      <section className="card" aria-labelledby="members-h">
        <h2 id="members-h">People with access</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>Name</th>
                <th>Email</th>
                <th>Role</th>
                <th>
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <td>{owner.name}</td>
                <td>{owner.email}</td>
                <td>Owner</td>
                <td />
              </tr>
              {members.map((m) => (
                <tr key={m.userId}>
                  <td>{m.name}</td>
                  <td>{m.email}</td>
                  <td>
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="intent" value="role" />
                      <input type="hidden" name="userId" value={m.userId} />
                      <label className="sr-only" htmlFor={`role-${m.userId}`}>
                        Role of {m.email}
                      </label>
                      <select id={`role-${m.userId}`} name="role" defaultValue={m.role}>
                        {MEMBER_ROLES.map((r) => (
                          <option key={r} value={r}>
                            {r}
                          </option>
                        ))}
                      </select>{" "}
                      <button type="submit" className="secondary">
                        Change role
                      </button>
                    </Form>
                  </td>
                  <td>
                    <Form method="post">
                      <input type="hidden" name="intent" value="remove" />
                      <input type="hidden" name="userId" value={m.userId} />
                      <button type="submit" className="danger" aria-label={`Remove ${m.email}`}>
                        Remove
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
              {invites.map((i) => (
                <tr key={i.id}>
                  <td className="muted">Invited, no account yet</td>
                  <td>{i.email}</td>
                  <td>{i.role}</td>
                  <td>
                    <Form method="post">
                      <input type="hidden" name="intent" value="cancel-invite" />
                      <input type="hidden" name="inviteId" value={i.id} />
                      <button type="submit" className="secondary" aria-label={`Cancel the invitation to ${i.email}`}>
                        Cancel invitation
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {members.length === 0 && invites.length === 0 ? (
          <p className="muted">Only you can open this study. Add people below to share it.</p>
        ) : null}
      </section>
      {emailed ? (
        <section className="card notice" aria-labelledby="emailed-h" role="status">
          <h2 id="emailed-h">
            Invitation emailed to {emailed.email}
            {emailed.again === "already" ? " already" : ""}
          </h2>
          {emailed.again === "already" ? (
            <p>
              It went out (or is waiting in the outbox) moments ago, so it was not sent again; the role is now{" "}
              {emailed.role}. Adding the address again in {INVITE_RESEND_MINUTES} minutes sends a new link, and the old
              one stops working.
            </p>
          ) : (
            <p>
              The email says who invited them to this study, as {emailed.role}. After signing up (or logging in) through
              its link they join the study. The <Link to="../outbox">outbox</Link> shows when it was sent.
            </p>
          )}
        </section>
      ) : null}
      {invited ? (
        <section className="card notice" aria-labelledby="invited-h">
          <h2 id="invited-h">Invitation for {invited.email}</h2>
          <p>
            <strong>No email was sent.</strong> {invited.refusal}
          </p>
          <p>
            {invited.email} has no Valuestack account yet. Send them this link: after signing up (or logging in) they
            open it and join the study as {invited.role}. It is shown only now; adding the address again makes a new
            link.
          </p>
          <p>
            <label htmlFor="invite-link">Invitation link</label>
            <input id="invite-link" type="text" readOnly value={invited.link} className="copy-field" />
          </p>
        </section>
      ) : null}
      <Form method="post" noValidate className="card">
        <h2>Add a person</h2>
        <input type="hidden" name="intent" value="add" />
        <FormError error={add.errors.form} />
        <Field
          label="Email"
          name="email"
          type="email"
          defaultValue={add.value("email", "")}
          error={add.errors.email}
          hint="Someone with an account is added at once; anyone else is emailed an invitation link."
          required
        />
        <SelectField
          label="Role"
          name="role"
          options={roleOptions}
          defaultValue={add.value("role", "viewer")}
          error={add.errors.role}
        />
        <div className="actions">
          <button type="submit">Add</button>
        </div>
      </Form>
    </div>
  );
}
