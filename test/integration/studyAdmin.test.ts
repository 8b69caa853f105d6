/**
 * Study administration against the built server and a real database (SQLite, and PostgreSQL
 * with TEST_DATABASE_URL): sharing a study (owner adds an existing account at once, an unknown
 * address by invitation link; viewer/editor rights; removal answers 404 everywhere), closing
 * and reopening behind a confirm page, the study error boundary that keeps the tabs, one
 * browser title per study page, locked controls that say why, and the outbox email view.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../app/db.server.ts";
import { renderSurveyEmail } from "../../app/email/templates.server.ts";
import { DEMO_LOGIN, DEMO_STUDY_NAME } from "../../prisma/seed/demo.ts";
import { logInClient, startApp, type TestApp } from "../helpers/app.ts";
import { engines, type TestDatabase } from "../helpers/databases.ts";
import { HttpClient, text } from "../helpers/http.ts";
import type { TestServer } from "../helpers/server.ts";

const PASSWORD = "long enough password";

function titleOf(html: string): string {
  const m = /<title>([^<]*)<\/title>/.exec(html);
  return m ? text(m[1]).trim() : "";
}

/** Every route under a study, as a member would open it. */
const STUDY_ROUTES = [
  "",
  "build",
  "build/segments",
  "build/maxdiff",
  "build/hypotheses",
  "build/pricing",
  "preview",
  "results",
  "report",
  "respondents",
  "outbox",
  "members",
  "status",
];

describe.each(engines())("study administration on %s", (engine) => {
  let app: TestApp;
  let database: TestDatabase;
  let server: TestServer;
  let db: Db;
  let owner: HttpClient;
  let studyId: string;

  async function signup(name: string, email: string, role: "researcher" | "viewer", client?: HttpClient) {
    const c = client ?? new HttpClient(server.url);
    const res = await c.post("/signup", { name, email, password: PASSWORD, role });
    expect(res.status, `signup ${email}`).toBe(302);
    return { client: c, res };
  }

  async function addMember(email: string, role: string) {
    return owner.post(`/studies/${studyId}/members`, { intent: "add", email, role });
  }

  beforeAll(async () => {
    app = await startApp(engine, { VALUESTACK_WORKERS: "0" });
    ({ database, server, db } = app);
    owner = await logInClient(server.url);
    studyId = (await db.study.findFirstOrThrow({ where: { name: DEMO_STUDY_NAME } })).id;
  }, 120_000);
  afterAll(() => app?.stop());

  it("adds an existing account at once; a viewer reads the study and results but cannot edit or manage", async () => {
    const { client: viewer } = await signup("Vera Viewer", "vera@example.com", "researcher");
    expect((await viewer.get(`/studies/${studyId}`)).status).toBe(404);
    const added = await addMember("Vera@Example.com", "viewer");
    expect(added.status).toBe(302);
    const page = text(await (await owner.follow(added)).text());
    expect(page).toContain("Added: they can open the study now.");
    expect(page).toContain("vera@example.com");

    const list = text(await (await viewer.get("/studies")).text());
    expect(list).toContain(DEMO_STUDY_NAME);
    const overview = await viewer.get(`/studies/${studyId}`);
    expect(overview.status).toBe(200);
    const html = await overview.text();
    expect(text(html)).toContain("Shared with you as viewer");
    expect(html).not.toContain(`href="/studies/${studyId}/build"`);
    expect(html).not.toContain(`href="/studies/${studyId}/members"`);
    expect((await viewer.get(`/studies/${studyId}/results`)).status).toBe(200);
    expect((await viewer.get(`/studies/${studyId}/build`)).status).toBe(403);
    const rename = await viewer.post(`/studies/${studyId}/build?index`, {
      intent: "details",
      name: "Renamed by a viewer",
      currency: "USD",
      productDescription: "",
    });
    expect(rename.status).toBe(403);
    expect((await viewer.get(`/studies/${studyId}/members`)).status).toBe(403);
    expect(
      (await viewer.post(`/studies/${studyId}/members`, { intent: "add", email: "x@example.com", role: "editor" }))
        .status,
    ).toBe(403);
    expect((await db.study.findUniqueOrThrow({ where: { id: studyId } })).name).toBe(DEMO_STUDY_NAME);
  });

  it("an editor changes the study but cannot manage members; a role change takes effect", async () => {
    const { client: editor } = await signup("Ed Editor", "ed@example.com", "viewer");
    expect((await addMember("ed@example.com", "editor")).status).toBe(302);
    const build = await editor.get(`/studies/${studyId}/build`);
    expect(build.status).toBe(200);
    const before = await db.study.findUniqueOrThrow({ where: { id: studyId } });
    const saved = await editor.post(`/studies/${studyId}/build?index`, {
      intent: "details",
      name: `${DEMO_STUDY_NAME} (edited)`,
      currency: before.currency,
      productDescription: before.productDescription,
    });
    expect(saved.status).toBe(302);
    expect((await db.study.findUniqueOrThrow({ where: { id: studyId } })).name).toBe(`${DEMO_STUDY_NAME} (edited)`);
    expect((await editor.get(`/studies/${studyId}/members`)).status).toBe(403);
    const vera = await db.user.findUniqueOrThrow({ where: { email: "vera@example.com" } });
    expect((await editor.post(`/studies/${studyId}/members`, { intent: "remove", userId: vera.id })).status).toBe(403);
    expect(await db.studyMember.count({ where: { studyId, userId: vera.id } })).toBe(1);

    const ed = await db.user.findUniqueOrThrow({ where: { email: "ed@example.com" } });
    expect(
      (await owner.post(`/studies/${studyId}/members`, { intent: "role", userId: ed.id, role: "viewer" })).status,
    ).toBe(302);
    expect((await editor.get(`/studies/${studyId}/build`)).status).toBe(403);
    // put the name back for the other tests
    await db.study.update({ where: { id: studyId }, data: { name: DEMO_STUDY_NAME } });
  });

  it("a removed member gets 404 on every study route, like a stranger", async () => {
    const { client: gone } = await signup("Gone Member", "gone@example.com", "researcher");
    const { client: stranger } = await signup("Stranger", "stranger@example.com", "researcher");
    expect((await addMember("gone@example.com", "editor")).status).toBe(302);
    for (const r of STUDY_ROUTES) {
      const res = await gone.get(`/studies/${studyId}/${r}`);
      expect([200, 403], `member ${r}`).toContain(res.status);
    }
    const user = await db.user.findUniqueOrThrow({ where: { email: "gone@example.com" } });
    const removed = await owner.post(`/studies/${studyId}/members`, { intent: "remove", userId: user.id });
    expect(removed.status).toBe(302);
    expect(text(await (await owner.follow(removed)).text())).toContain("Removed: they can no longer open this study.");
    for (const client of [gone, stranger]) {
      for (const r of [...STUDY_ROUTES, "export/responses.csv"]) {
        const res = await client.get(`/studies/${studyId}/${r}`);
        expect(res.status, r).toBe(404);
      }
      const post = await client.post(`/studies/${studyId}/build?index`, {
        intent: "details",
        name: "x",
        currency: "USD",
        productDescription: "",
      });
      expect(post.status).toBe(404);
      expect((await client.post(`/studies/${studyId}/status`, { intent: "close" })).status).toBe(404);
    }
    expect(text(await (await gone.get("/studies")).text())).not.toContain(DEMO_STUDY_NAME);
  });

  it("another study's ids answer 404 inside this study", async () => {
    const { client: other } = await signup("Olga Other", "olga@example.com", "researcher");
    const created = await other.post("/studies/new", { name: "Olga's study", currency: "EUR", productDescription: "" });
    expect(created.status).toBe(302);
    const otherStudy = (await db.study.findFirstOrThrow({ where: { name: "Olga's study" } })).id;
    const { client: olgaFriend } = await signup("Friend", "friend@example.com", "researcher");
    const friend = await db.user.findUniqueOrThrow({ where: { email: "friend@example.com" } });
    await db.studyMember.create({ data: { studyId: otherStudy, userId: friend.id, role: "viewer" } });
    // the owner of the demo study cannot remove Olga's member through the demo study's page
    const r = await owner.post(`/studies/${studyId}/members`, { intent: "remove", userId: friend.id });
    expect(r.status).toBe(404);
    expect(await db.studyMember.count({ where: { studyId: otherStudy, userId: friend.id } })).toBe(1);
    // and cannot open Olga's study at all
    expect((await owner.get(`/studies/${otherStudy}/members`)).status).toBe(404);
    expect((await olgaFriend.get(`/studies/${studyId}`)).status).toBe(404);
  });

  it("invites an unknown address with a link: after sign-up the study opens; the link works once", async () => {
    // an owner who has not confirmed their address cannot have the study send mail: the link is shown instead
    // (emailed invitations: test/integration/memberInvites.test.ts)
    const ownerId = (await db.user.findUniqueOrThrow({ where: { email: DEMO_LOGIN.email } })).id;
    await db.user.update({ where: { id: ownerId }, data: { emailVerifiedAt: null } });
    const res = await addMember("newcomer@example.com", "viewer");
    await db.user.update({ where: { id: ownerId }, data: { emailVerifiedAt: new Date() } });
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(text(page)).toContain("No email was sent. Confirm your email address first");
    expect(await db.studyInviteEmail.count({ where: { studyId } })).toBe(0);
    const link =
      /id="invite-link"[^>]*value="([^"]+)"/.exec(page)?.[1] ?? /value="([^"]+\/invite\/[^"]+)"/.exec(page)?.[1];
    expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]{20,}$/);
    expect(text(page)).toContain("newcomer@example.com has no Valuestack account yet");
    const invite = await db.studyInvite.findFirstOrThrow({ where: { studyId, email: "newcomer@example.com" } });
    expect(invite.tokenHash).not.toContain(link!.split("/").pop()!);
    expect(text(await (await owner.get(`/studies/${studyId}/members`)).text())).toContain("Invited, no account yet");

    const newcomer = new HttpClient(server.url);
    const landing = await newcomer.get(new URL(link!).pathname);
    expect(landing.status).toBe(200);
    expect(text(await landing.text())).toMatch(/Join “\s*Project management tool: segment value study\s*”/);
    const { res: signedUp } = await signup("New Comer", "newcomer@example.com", "viewer", newcomer);
    const opened = await newcomer.follow(signedUp);
    expect(opened.status).toBe(200);
    expect(text(await opened.text())).toContain("Shared with you as viewer");
    expect(await db.studyMember.count({ where: { studyId, user: { email: "newcomer@example.com" } } })).toBe(1);
    // used: the link no longer works, for anyone
    expect((await new HttpClient(server.url).get(new URL(link!).pathname)).status).toBe(404);
  });

  it("keeps the study tabs when something inside the study is not found", async () => {
    const res = await owner.get(`/studies/${studyId}/build/hypotheses/no-such-hypothesis`);
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toContain('aria-label="Study sections"');
    expect(text(html)).toContain("Hypothesis not found");
    expect(text(html)).toContain("Not found");
    expect(html).toContain(`href="/studies/${studyId}/results"`);
    const missing = await owner.get("/studies/no-such-study/build");
    expect(missing.status).toBe(404);
    expect(text(await missing.text())).toContain("Study not found");
  });

  it("gives every study page its own title", async () => {
    const expected: Record<string, string> = {
      "": "Overview",
      build: "Build",
      "build/segments": "Build · Segments",
      "build/maxdiff": "Build · MaxDiff",
      "build/hypotheses": "Build · Hypotheses",
      "build/pricing": "Build · Pricing",
      preview: "Preview",
      respondents: "Respondents",
      outbox: "Outbox",
      members: "Members",
      status: "Close or reopen",
    };
    const titles = new Set<string>();
    for (const [route, section] of Object.entries(expected)) {
      const html = await (await owner.get(`/studies/${studyId}/${route}`)).text();
      const title = titleOf(html);
      expect(title, route).toBe(`${DEMO_STUDY_NAME} · ${section} · Valuestack`);
      titles.add(title);
    }
    expect(titles.size).toBe(Object.keys(expected).length);
  });

  it("locked controls are read-only and say why; a draft's Launch button says what it needs", async () => {
    const html = await (await owner.get(`/studies/${studyId}/build`)).text();
    const currency = /<input[^>]*name="currency"[^>]*>/.exec(html)?.[0] ?? "";
    expect(currency).toMatch(/readonly=""/i);
    expect(currency).toContain("f-currency-lock");
    expect(text(html)).toContain("Locked after launch: the product description and currency are shown in the survey.");

    const created = await owner.post("/studies/new", { name: "Empty draft", currency: "USD", productDescription: "" });
    const draftId = created.headers.get("location")!.split("/")[2];
    const draft = await (await owner.get(`/studies/${draftId}/build`)).text();
    const launch = /<button[^>]*>Launch study<\/button>/.exec(draft)?.[0] ?? "";
    expect(launch).toContain('disabled=""');
    expect(launch).toContain('aria-describedby="launch-needs"');
    expect(text(draft)).toMatch(/Launch needs: \S/);
    expect(draft).not.toMatch(/name="currency"[^>]*readonly/i);
  });

  it("closes only after a confirm page that says who is affected, and reopens the same way", async () => {
    const build = await (await owner.get(`/studies/${studyId}/build`)).text();
    expect(build).not.toContain('value="close"'); // no one-click close form any more
    expect(build).toContain(`href="/studies/${studyId}/status"`);
    const midSurvey = await db.response.count({ where: { studyId, status: "started" } });
    expect(midSurvey).toBeGreaterThan(0);
    const confirm = text(await (await owner.get(`/studies/${studyId}/status`)).text());
    expect(confirm).toContain("Close the study?");
    expect(confirm).toContain(
      `${midSurvey} ${midSurvey === 1 ? "respondent is" : "respondents are"} mid-survey ` +
        `and will see "This survey has closed"`,
    );
    expect((await db.study.findUniqueOrThrow({ where: { id: studyId } })).status).toBe("live");
    const closed = await owner.post(`/studies/${studyId}/status`, { intent: "close" });
    expect(closed.status).toBe(302);
    expect(text(await (await owner.follow(closed)).text())).toContain("The study is closed");
    expect((await db.study.findUniqueOrThrow({ where: { id: studyId } })).status).toBe("closed");

    const again = text(await (await owner.get(`/studies/${studyId}/status`)).text());
    expect(again).toContain("Reopen the study?");
    expect((await owner.post(`/studies/${studyId}/status`, { intent: "close" })).status).toBe(409);
    const reopened = await owner.post(`/studies/${studyId}/status`, { intent: "reopen" });
    expect(reopened.status).toBe(302);
    const study = await db.study.findUniqueOrThrow({ where: { id: studyId } });
    expect(study.status).toBe("live");
    expect(study.closedAt).toBeNull();
  });

  it("shows an outbox email decoded, the HTML sandboxed, not its MIME source", async () => {
    const respondent = await db.respondent.findFirstOrThrow({ where: { studyId, email: { not: null } } });
    const row = await db.emailOutbox.create({
      data: { studyId, respondentId: respondent.id, kind: "invitation", status: "sent", sentAt: new Date() },
    });
    const content = renderSurveyEmail({
      kind: "invitation",
      studyName: "Grüße & <b>pricing</b>",
      name: "Zoë",
      link: "https://example.com/s/abc=def",
      unsubscribeLink: "https://example.com/u/abc",
    });
    const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
    const info = await transport.sendMail({ from: "study@example.com", to: "zoe@example.com", ...content });
    const dir = path.join(database.varDir, "outbox");
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, `${row.id}.eml`), info.message as Buffer);
    expect(String(info.message)).toContain("=3D"); // the raw source is quoted-printable

    const list = await (await owner.get(`/studies/${studyId}/outbox`)).text();
    expect(list).toContain(`href="/studies/${studyId}/outbox/${row.id}.eml"`);
    const res = await owner.get(`/studies/${studyId}/outbox/${row.id}.eml`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('aria-label="Study sections"');
    const body = text(html);
    expect(body).toContain("Your opinion, please: Grüße & <b>pricing</b>"); // subject, decoded, as text
    expect(body).toContain("Hello Zoë,");
    expect(body).toContain("Start the survey: https://example.com/s/abc=def");
    expect(body).not.toContain("=3D");
    expect(body).not.toContain("Content-Transfer-Encoding");
    expect(html).not.toContain("<b>pricing</b>");
    const iframe = /<iframe[^>]*>/.exec(html)?.[0] ?? "";
    expect(iframe).toContain('sandbox=""');
    expect(iframe.toLowerCase()).toContain("srcdoc=");
    expect(iframe).toContain("default-src &#x27;none&#x27;");
    const raw = await owner.get(`/studies/${studyId}/outbox/${row.id}/download`);
    expect(raw.headers.get("content-disposition")).toContain("attachment");
    expect(await raw.text()).toContain("=3D");
    expect(html).toContain(`href="${row.id}/download"`);
    // an id from nowhere, or another study's email: 404 with the study's tabs
    const nope = await owner.get(`/studies/${studyId}/outbox/nope.eml`);
    expect(nope.status).toBe(404);
    expect(await nope.text()).toContain('aria-label="Study sections"');
  });
});
