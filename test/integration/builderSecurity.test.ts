/**
 * The builder's surfaces under attack: stored XSS through every
 * builder text field, checked on every page that shows them (builder, preview, results,
 * report); CSV formula injection through the study's names and labels, checked on every
 * export (and the CLI still reads them); javascript:/data: concept images refused next to the
 * field; and for every builder/results/export route: a stranger gets 404, a viewer member
 * 403 on every edit and 200 on results and exports.
 */
import { randomBytes } from "node:crypto";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../app/db.server.ts";
import { DEMO_LOGIN } from "../../prisma/seed/demo.ts";
import { runCli } from "../../research/cli.ts";
import { logInClient, signUpClient, startApp, type TestApp } from "../helpers/app.ts";
import { engines } from "../helpers/databases.ts";
import { type HttpClient, text } from "../helpers/http.ts";
import type { TestServer } from "../helpers/server.ts";

const IMG = "<img src=x onerror=alert(1)>";
const SCRIPT = '"><script>alert(1)</script>';
const IMG_ESCAPED = "&lt;img src=x onerror=alert(1)&gt;";
const SCRIPT_ESCAPED =
  /&quot;&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;|&quot;&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;/;

/** The raw payloads must never reach the HTML as markup (in text, attributes or inline data). */
function expectNoRawPayload(html: string, where: string) {
  expect(html, where).not.toContain("<img src=x");
  expect(html, where).not.toContain("<script>alert(1)");
  expect(html, where).not.toMatch(/onerror=alert\(1\)>/);
}

/** Completed responses with valid answers, written straight to the database (the survey itself is tested elsewhere). */
async function addResponses(db: Db, studyId: string, n: number) {
  const [segments, items, concepts] = await Promise.all([
    db.segment.findMany({ where: { studyId }, orderBy: { sortOrder: "asc" } }),
    db.maxDiffItem.findMany({ where: { studyId }, orderBy: { sortOrder: "asc" } }),
    db.concept.findMany({ where: { studyId }, orderBy: { sortOrder: "asc" } }),
  ]);
  for (let i = 0; i < n; i++) {
    const respondent = await db.respondent.create({
      data: {
        studyId,
        segmentId: segments[i % segments.length].id,
        tokenHash: randomBytes(16).toString("hex"),
        status: "completed",
        source: "test",
      },
    });
    const k = Math.min(3, items.length);
    const tasks = Array.from({ length: 4 }, (_, t) => {
      const shown = Array.from({ length: k }, (_, j) => items[(i + t + j) % items.length]);
      return {
        task: t + 1,
        shown: JSON.stringify(shown.map((x) => x.id)),
        bestItemId: shown[i % k].id,
        worstItemId: shown[(i + 1) % k].id,
      };
    });
    const base = 10 + (i % 7) * 3;
    await db.response.create({
      data: {
        respondentId: respondent.id,
        studyId,
        status: "completed",
        completedAt: new Date(),
        ratings: {
          create: concepts.map((c, j) => ({
            conceptId: c.id,
            position: j + 1,
            appeal: 1 + ((i + j) % 5),
            relevance: 1 + ((i * 2 + j) % 5),
            uniqueness: 1 + (i % 5),
            believability: 1 + ((i + 3) % 5),
            purchaseIntent: 1 + ((i + j * 2) % 5),
          })),
        },
        maxdiff: { create: tasks },
        price: {
          create: {
            tooCheap: base,
            cheap: base + 5 + (i % 3),
            expensive: base + 15 + (i % 4),
            tooExpensive: base + 30 + (i % 5),
            piCheap: 1 + (i % 5),
            piExpensive: 1 + ((i + 2) % 5),
          },
        },
      },
    });
  }
}

describe.each(engines())("builder, results and exports under attack on %s", (engine) => {
  let app: TestApp;
  let server: TestServer;
  let db: Db;
  let owner: HttpClient;
  let viewer: HttpClient;
  let stranger: HttpClient;
  let xssStudy = "";
  let xssHypothesis = "";
  let formulaStudy = "";

  const ok = async (res: Response | Promise<Response>, status = 302) => {
    const r = await res;
    if (r.status !== status)
      throw new Error(`expected ${status}, got ${r.status}: ${text(await r.text()).slice(0, 400)}`);
    return r;
  };
  const created = async (form: Record<string, string>) => {
    const res = await ok(owner.post("/studies/new", form));
    return /\/studies\/([^/]+)\/build/.exec(res.headers.get("location")!)![1];
  };

  /** A study with the given names, two segments, items, pricing, a hypothesis with a concept and a rule. */
  async function buildStudy(s: {
    name: string;
    segments: Array<{ key: string; name: string; description: string }>;
    items: Array<{ label: string; description: string }>;
    problem: string;
    statement: string;
    concepts: Array<{ name: string; body: string }>;
  }) {
    const id = await created({ name: s.name, currency: "USD", productDescription: "A product." });
    for (const seg of s.segments)
      await ok(owner.post(`/studies/${id}/build/segments`, { intent: "save", ...seg, targetN: "20" }));
    for (const item of s.items) await ok(owner.post(`/studies/${id}/build/maxdiff`, { intent: "item", ...item }));
    await ok(
      owner.post(`/studies/${id}/build/maxdiff`, {
        intent: "settings",
        itemsPerTask: "3",
        tasksPerRespondent: "4",
        versions: "2",
      }),
    );
    await ok(
      owner.post(`/studies/${id}/build/pricing`, {
        currency: "USD",
        productDescription: "A product.",
        minPrice: "1",
        maxPrice: "500",
        nmsEnabled: "on",
      }),
    );
    const hyp = await (await owner.get(`/studies/${id}/build/hypotheses`)).text();
    const segIds = [...hyp.matchAll(/name="segments" value="([^"]+)"/g)].map((m) => m[1]);
    const itemIds = [...hyp.matchAll(/name="items" value="([^"]+)"/g)].map((m) => m[1]);
    const res = await ok(
      owner.post(`/studies/${id}/build/hypotheses`, {
        problem: s.problem,
        statement: s.statement,
        targetPrice: "30",
        segments: segIds[0],
        items: itemIds[0],
      }),
    );
    const hypothesisId = res.headers.get("location")!.split("/").pop()!;
    const base = `/studies/${id}/build/hypotheses/${hypothesisId}`;
    for (const c of s.concepts) await ok(owner.post(base, { intent: "concept", ...c, imageUrl: "" }));
    await ok(
      owner.post(base, {
        intent: "rule",
        confidence: "0.95",
        "criteria[0].kind": "concept",
        "criteria[0].segment": s.segments[0].key,
        "criteria[0].metric": "purchase_intent",
        "criteria[0].threshold": "40",
      }),
    );
    return { id, hypothesisId };
  }

  beforeAll(async () => {
    app = await startApp(engine, { VALUESTACK_WORKERS: "0" });
    ({ server, db } = app);
    owner = await logInClient(server.url);
    viewer = await logInClient(server.url, DEMO_LOGIN.viewerEmail);
    stranger = await signUpClient(server.url, { name: "Mallory", email: "mallory@example.com" });

    ({ id: xssStudy, hypothesisId: xssHypothesis } = await buildStudy({
      name: `Pilot ${IMG} ${SCRIPT}`,
      segments: [
        { key: "alpha", name: `Alpha ${IMG}`, description: `About ${SCRIPT}` },
        { key: "beta", name: `Beta ${SCRIPT}`, description: `About ${IMG}` },
      ],
      items: [
        { label: `CRM ${IMG}`, description: `Details ${SCRIPT}` },
        { label: `Portal ${SCRIPT}`, description: `Details ${IMG}` },
        { label: "Sync", description: "" },
        { label: "Mobile", description: "" },
      ],
      problem: `Problem ${IMG}`,
      statement: `Statement ${SCRIPT} ${IMG}`,
      concepts: [{ name: `Concept ${IMG}`, body: `Body ${SCRIPT}` }],
    }));
    ({ id: formulaStudy } = await buildStudy({
      name: '=HYPERLINK("http://evil.example","x")',
      segments: [
        { key: "plus", name: "+Plus segment", description: "-minus" },
        { key: "at", name: "@At segment", description: "=1+1" },
      ],
      items: [
        { label: "=SUM(A1:A9)", description: "+1" },
        { label: "+1+1", description: "" },
        { label: "-2+3", description: "" },
        { label: "@SUM(1)", description: "" },
      ],
      problem: "=problem",
      statement: "+statement",
      concepts: [
        { name: "=cmd|' /C calc'!A0", body: "-body" },
        { name: "@concept", body: "body" },
      ],
    }));
    await addResponses(db, xssStudy, 12);
    await addResponses(db, formulaStudy, 12);
    // the demo viewer becomes a viewer member of both studies
    const pmm = await db.user.findUniqueOrThrow({ where: { email: DEMO_LOGIN.viewerEmail } });
    for (const studyId of [xssStudy, formulaStudy])
      await db.studyMember.create({ data: { studyId, userId: pmm.id, role: "viewer" } });
  }, 240_000);
  afterAll(() => app?.stop());

  it("escapes every stored payload on the builder pages", async () => {
    const pages = [
      "build",
      "build/segments",
      "build/maxdiff",
      "build/hypotheses",
      `build/hypotheses/${xssHypothesis}`,
      "build/pricing",
    ];
    for (const p of pages) {
      const res = await owner.get(`/studies/${xssStudy}/${p}`);
      expect(res.status, p).toBe(200);
      const html = await res.text();
      expectNoRawPayload(html, p);
      expect(html, p).toContain(IMG_ESCAPED);
    }
    const seg = await (await owner.get(`/studies/${xssStudy}/build/segments`)).text();
    expect(seg).toMatch(SCRIPT_ESCAPED); // in the description field's value
    const hyp = await (await owner.get(`/studies/${xssStudy}/build/hypotheses/${xssHypothesis}`)).text();
    expect(text(hyp)).toContain(`Statement ${SCRIPT} ${IMG}`);
    expect(text(hyp)).toContain(`Body ${SCRIPT}`);
  });

  it("escapes them on every preview page, the results page and the report", async () => {
    const first = await (await owner.get(`/studies/${xssStudy}/preview`)).text();
    const total = Number(/Page 1 of (\d+)/.exec(text(first))![1]);
    expect(total).toBeGreaterThan(3);
    const seen = new Set<string>();
    for (let n = 1; n <= total; n++) {
      const html = await (await owner.get(`/studies/${xssStudy}/preview?page=${n}`)).text();
      expectNoRawPayload(html, `preview page ${n}`);
      const body = text(html);
      for (const s of [`Concept ${IMG}`, `Body ${SCRIPT}`, `CRM ${IMG}`, `Portal ${SCRIPT}`])
        if (body.includes(s)) seen.add(s);
    }
    expect([...seen].sort()).toEqual([`Body ${SCRIPT}`, `CRM ${IMG}`, `Concept ${IMG}`, `Portal ${SCRIPT}`].sort());
    for (const p of [
      "results",
      "report",
      "results?segment=alpha",
      "results?best=1",
      `results?f=${encodeURIComponent(`CRM ${IMG}`)}`,
    ]) {
      const res = await owner.get(`/studies/${xssStudy}/${p}`);
      expect(res.status, p).toBe(200);
      const html = await res.text();
      expectNoRawPayload(html, p);
      const body = text(html);
      for (const s of [`Pilot ${IMG} ${SCRIPT}`, `Alpha ${IMG}`, `CRM ${IMG}`, `Portal ${SCRIPT}`])
        expect(body, `${p}: ${s}`).toContain(s);
      if (!p.includes("segment")) expect(body, p).toContain(`Statement ${SCRIPT} ${IMG}`);
    }
  });

  it("neutralises formulas in every exported CSV cell derived from names and labels, keeping numbers numeric", async () => {
    const dangerous = /^[=+\-@\t\r\0]/;
    const numeric: Record<string, string[]> = {
      "responses.csv": ["too_cheap", "cheap", "expensive", "too_expensive", "pi_cheap", "pi_expensive"],
      "maxdiff.csv": ["task", "best", "worst"],
      "van-westendorp.csv": ["too_cheap", "cheap", "expensive", "too_expensive", "pi_cheap", "pi_expensive"],
      "concept-test.csv": ["appeal", "relevance", "uniqueness", "believability", "purchase_intent", "position"],
    };
    const texts = ["=SUM(A1:A9)", "+1+1", "-2+3", "@SUM(1)", "=cmd|' /C calc'!A0", "@concept"];
    const found = new Set<string>();
    for (const [file, numbers] of Object.entries(numeric)) {
      const res = await owner.get(`/studies/${formulaStudy}/export/${file}`);
      expect(res.status, file).toBe(200);
      const disposition = res.headers.get("content-disposition")!;
      expect(disposition).toMatch(/^attachment; filename="HYPERLINK/); // no leading = in the file name
      const body = await res.text();
      const rows = parse(body, { relax_column_count: false }) as string[][];
      const header = rows[0];
      for (const row of rows) for (const cell of row) expect(cell, `${file}: ${cell}`).not.toMatch(dangerous);
      for (const row of rows.slice(1)) {
        for (const col of numbers) {
          const cell = row[header.indexOf(col)];
          if (cell === "") continue;
          expect(cell, `${file} ${col}`).toMatch(/^-?\d+(\.\d+)?$/);
        }
        for (const cell of row) for (const t of texts) if (cell === `'${t}` || cell.includes(`'${t}`)) found.add(t);
      }
      for (const h of header) if (h.startsWith("concept:")) expect(h).not.toMatch(dangerous);
    }
    expect([...found].sort()).toEqual([...texts].sort());
    // the CLI still reads every export
    for (const [file, method] of [
      ["maxdiff.csv", "maxdiff"],
      ["van-westendorp.csv", "van-westendorp"],
      ["concept-test.csv", "concept-test"],
      ["study.json", "study"],
    ]) {
      const body = await (await owner.get(`/studies/${formulaStudy}/export/${file}`)).text();
      const r = await runCli([method, "input", "--json"], () => body);
      expect(r.stderr, file).toBe("");
      expect(r.code, file).toBe(0);
    }
    const mdCsv = await (await owner.get(`/studies/${formulaStudy}/export/maxdiff.csv`)).text();
    const md = JSON.parse((await runCli(["maxdiff", "input", "--json"], () => mdCsv)).stdout);
    expect(md.items).toContain("'=SUM(A1:A9)");
  });

  it("refuses javascript: and data: concept images with an error next to the field", async () => {
    const base = `/studies/${xssStudy}/build/hypotheses/${xssHypothesis}`;
    for (const url of [
      "javascript:alert(1)",
      "JavaScript:alert(1)",
      " javascript:alert(1)",
      "data:image/png;base64,AAAA",
      "data:text/html,<script>alert(1)</script>",
      "vbscript:msgbox(1)",
      "//evil.example/x.png",
    ]) {
      const res = await owner.post(base, { intent: "concept", name: "Image concept", body: "x", imageUrl: url });
      expect(res.status, url).toBe(400);
      const html = await res.text();
      expect(html).toMatch(/id="f-new-imageUrl-error"[^>]*>[^<]*Use an https:\/\/ or http:\/\/ image link\./);
      expect(html).toMatch(/id="f-new-imageUrl"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="f-new-imageUrl"/);
      expectNoRawPayload(html, url);
    }
    expect(await db.concept.count({ where: { studyId: xssStudy, name: "Image concept" } })).toBe(0);
  });

  it("answers 404 to a stranger and 403 to a viewer member on every edit; the viewer still reads results and exports", async () => {
    const id = xssStudy;
    const builderGets = [
      "build",
      "build/segments",
      "build/maxdiff",
      "build/pricing",
      "build/hypotheses",
      `build/hypotheses/${xssHypothesis}`,
    ];
    const readGets = [
      "preview",
      "results",
      "report",
      "export/study.json",
      "export/responses.csv",
      "export/maxdiff.csv",
      "export/van-westendorp.csv",
      "export/concept-test.csv",
    ];
    const posts: Array<[string, Record<string, string>]> = [
      ["build?index", { intent: "details", name: "Hijacked", currency: "USD", productDescription: "x" }],
      ["build?index", { intent: "launch" }],
      ["status", { intent: "close" }],
      ["build/segments", { intent: "save", key: "evil", name: "Evil", targetN: "5", description: "" }],
      ["build/maxdiff", { intent: "item", label: "Evil", description: "" }],
      ["build/maxdiff", { intent: "settings", itemsPerTask: "2", tasksPerRespondent: "2", versions: "1" }],
      ["build/pricing", { currency: "USD", productDescription: "x", minPrice: "0", maxPrice: "10" }],
      ["build/hypotheses", { problem: "p", statement: "s" }],
      [`build/hypotheses/${xssHypothesis}`, { intent: "hypothesis", problem: "p", statement: "s" }],
      [`build/hypotheses/${xssHypothesis}`, { intent: "concept", name: "Evil", body: "x" }],
      [
        `build/hypotheses/${xssHypothesis}`,
        {
          intent: "rule",
          confidence: "0.9",
          "criteria[0].kind": "concept",
          "criteria[0].segment": "alpha",
          "criteria[0].metric": "appeal",
          "criteria[0].threshold": "1",
        },
      ],
      [`build/hypotheses/${xssHypothesis}`, { intent: "remove" }],
    ];
    for (const p of [...builderGets, ...readGets])
      expect((await stranger.get(`/studies/${id}/${p}`)).status, `stranger GET ${p}`).toBe(404);
    for (const [p, form] of posts)
      expect((await stranger.post(`/studies/${id}/${p}`, form)).status, `stranger POST ${p} ${form.intent ?? ""}`).toBe(
        404,
      );
    for (const p of builderGets) expect((await viewer.get(`/studies/${id}/${p}`)).status, `viewer GET ${p}`).toBe(403);
    for (const p of readGets) expect((await viewer.get(`/studies/${id}/${p}`)).status, `viewer GET ${p}`).toBe(200);
    for (const [p, form] of posts)
      expect((await viewer.post(`/studies/${id}/${p}`, form)).status, `viewer POST ${p} ${form.intent ?? ""}`).toBe(
        403,
      );
    // nothing changed
    const study = await db.study.findUniqueOrThrow({
      where: { id },
      include: { segments: true, maxDiffItems: true, hypotheses: true },
    });
    expect(study.name).toBe(`Pilot ${IMG} ${SCRIPT}`);
    expect(study.status).toBe("draft");
    expect(study.segments.map((s) => s.key).sort()).toEqual(["alpha", "beta"]);
    expect(study.maxDiffItems.some((i) => i.label === "Evil")).toBe(false);
    expect(study.hypotheses).toHaveLength(1);
    // an unknown export file and a made-up study id
    expect((await owner.get(`/studies/${id}/export/secrets.csv`)).status).toBe(404);
    expect((await owner.get(`/studies/nope${id}/results`)).status).toBe(404);
  });
});
