/**
 * Concept images uploaded in the builder and served by the app itself, over HTTP against the
 * built server and a real database (SQLite, and PostgreSQL with TEST_DATABASE_URL):
 *
 * - a PNG uploaded on the concept form is shown on the respondent's concept page (alt text from
 *   the concept) from the respondent's own link, with its type, nosniff and a private cache header;
 * - an SVG or HTML file named .png, and an image over 2 MB, get a clear error next to the image
 *   field and nothing is stored;
 * - another researcher, and another study's respondent, get 404; a member of the study sees it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../app/db.server.ts";
import { IMAGE_NOT_ALLOWED, IMAGE_TOO_LARGE } from "../../app/studies/conceptImage.ts";
import { DEMO_LOGIN } from "../../prisma/seed/demo.ts";
import { logInClient, signUpClient, startApp, surveyEnv, type TestApp } from "../helpers/app.ts";
import { engines } from "../helpers/databases.ts";
import { HttpClient, text } from "../helpers/http.ts";
import type { TestServer } from "../helpers/server.ts";
import { createDemoMiniStudy, createRespondent, type createMiniStudy } from "./respondentsFixtures.ts";
import { answersFor, pageKeyOf } from "./respondentsSurvey.ts";

const LINK_SECRET = "concept-image-link-secret-012345";
/** A 1×1 PNG. */
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

describe.each(engines())("concept images on %s", (engine) => {
  let app: TestApp;
  let server: TestServer;
  let db: Db;
  let owner: HttpClient;
  let study: Awaited<ReturnType<typeof createMiniStudy>>;
  let concepts: Array<{ id: string; name: string; hypothesisId: string }>;

  beforeAll(async () => {
    app = await startApp(engine, { ...surveyEnv(LINK_SECRET), LOGIN_RATE_LIMIT: "1000" });
    ({ server, db } = app);
    study = await createDemoMiniStudy(db, { name: "Pictures", status: "draft" });
    concepts = await db.concept.findMany({
      where: { studyId: study.studyId },
      orderBy: { sortOrder: "asc" },
      select: { id: true, name: true, hypothesisId: true },
    });
    owner = await logInClient(server.url);
  });
  afterAll(() => app?.stop());

  /** Posts a concept's form from the builder, with a file in the image field. */
  function saveConcept(concept: (typeof concepts)[number], file: File, body = "Text of the concept.") {
    const form = new FormData();
    form.set("intent", "concept");
    form.set("id", concept.id);
    form.set("name", concept.name);
    form.set("body", body);
    form.set("imageUrl", "");
    form.set("image", file);
    return owner.post(`/studies/${study.studyId}/build/hypotheses/${concept.hypothesisId}`, form);
  }

  /** The error shown under the concept's image field. */
  const imageError = (html: string, conceptId: string) =>
    text(new RegExp(`<p id="[^"]*${conceptId}-image-error" class="field-error">([^<]*)</p>`).exec(html)?.[1] ?? "");

  it("refuses an SVG or HTML file named .png, and an image over 2 MB, next to the field; nothing is stored", async () => {
    const [, b] = concepts;
    const disguised = [
      new File(['<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'], "logo.png", {
        type: "image/png",
      }),
      new File(["<!doctype html><script>alert(1)</script>"], "photo.png", { type: "image/png" }),
    ];
    for (const file of disguised) {
      const res = await saveConcept(b, file, "Changed text that must not be saved.");
      expect(res.status).toBe(400);
      const html = await res.text();
      expect(imageError(html, b.id)).toBe(IMAGE_NOT_ALLOWED);
      // what was typed is still there
      expect(html).toContain("Changed text that must not be saved.");
    }
    const big = Buffer.alloc(2 * 1024 * 1024 + 1);
    PNG.copy(big);
    const res = await saveConcept(b, new File([big], "huge.png", { type: "image/png" }));
    expect(res.status).toBe(400);
    expect(imageError(await res.text(), b.id)).toBe(IMAGE_TOO_LARGE);
    expect(await db.conceptImage.count({ where: { conceptId: b.id } })).toBe(0);
    expect((await db.concept.findUniqueOrThrow({ where: { id: b.id } })).body).not.toContain("Changed text");
  });

  it("shows an uploaded image on the respondent's concept page and only to people allowed to see it", async () => {
    const [a] = concepts;
    // the browser's file name and type say GIF; the bytes say PNG, and the bytes decide
    const saved = await saveConcept(a, new File([PNG], "picture.gif", { type: "image/gif" }));
    expect(saved.status).toBe(302);
    const stored = await db.conceptImage.findUniqueOrThrow({ where: { conceptId: a.id } });
    expect(stored.contentType).toBe("image/png");
    expect(Buffer.from(stored.data).equals(PNG)).toBe(true);

    // the builder and the preview show it from the study's own route
    const builder = await (await owner.get(`/studies/${study.studyId}/build/hypotheses/${a.hypothesisId}`)).text();
    const builderSrc = new RegExp(`src="(/studies/${study.studyId}/concept-images/${a.id}\\?v=[0-9a-f]{16})"`).exec(
      builder,
    )?.[1];
    expect(builderSrc).toBeTruthy();
    const mine = await owner.get(builderSrc!.replace(/&amp;/g, "&"));
    expect(mine.status).toBe(200);
    expect(mine.headers.get("content-type")).toBe("image/png");
    expect(mine.headers.get("x-content-type-options")).toBe("nosniff");
    expect(Buffer.from(await mine.arrayBuffer()).equals(PNG)).toBe(true);

    // another researcher: 404, like every other route of a study that is not theirs
    const stranger = await signUpClient(server.url, { name: "Mallory", email: `mallory-${engine}@example.com` });
    expect((await stranger.get(`/studies/${study.studyId}/concept-images/${a.id}`)).status).toBe(404);
    // a member of the study (viewer) sees it
    const viewerUser = await db.user.findUniqueOrThrow({ where: { email: DEMO_LOGIN.viewerEmail } });
    await db.studyMember.create({ data: { studyId: study.studyId, userId: viewerUser.id, role: "viewer" } });
    const viewer = await logInClient(server.url, DEMO_LOGIN.viewerEmail);
    expect((await viewer.get(`/studies/${study.studyId}/concept-images/${a.id}`)).status).toBe(200);

    // launched: a respondent sees it on Concept A's page, from their own link
    await db.study.update({ where: { id: study.studyId }, data: { status: "live" } });
    const { path } = await createRespondent(db, study, LINK_SECRET, { email: `pictures-${engine}@example.com` });
    const respondent = new HttpClient(server.url);
    expect((await respondent.post(path, { page: "start" })).status).toBe(303);
    let conceptPage = "";
    for (let i = 0; i < 2 && !conceptPage; i++) {
      const html = await (await respondent.get(path)).text();
      expect(pageKeyOf(html)).toMatch(/^concept:/);
      if (text(html).includes("Concept A")) conceptPage = html;
      else expect((await respondent.post(path, answersFor(html))).status).toBe(303);
    }
    const img = new RegExp(`<img src="(${path}/image/${a.id}\\?v=[0-9a-f]{16})" alt="Concept A"`).exec(conceptPage);
    expect(img).not.toBeNull();
    const served = await new HttpClient(server.url).get(img![1]);
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe("image/png");
    expect(served.headers.get("x-content-type-options")).toBe("nosniff");
    expect(served.headers.get("cache-control")).toMatch(/^private, max-age=\d+/);
    expect(Buffer.from(await served.arrayBuffer()).equals(PNG)).toBe(true);

    // a respondent of another study cannot fetch it through their own link; a made-up link neither
    const other = await createDemoMiniStudy(db, { name: "Other pictures" });
    const otherLink = await createRespondent(db, other, LINK_SECRET, { email: `other-${engine}@example.com` });
    expect((await new HttpClient(server.url).get(`${otherLink.path}/image/${a.id}`)).status).toBe(404);
    expect((await new HttpClient(server.url).get(`/s/${"x".repeat(43)}/image/${a.id}`)).status).toBe(404);
  });
});
