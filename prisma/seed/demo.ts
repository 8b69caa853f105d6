/**
 * The demo study, seeded on first start so a newcomer sees real results at once:
 * a project-management tool tested in three segments (tech, real_estate, nonprofit).
 * Respondents are synthetic, generated from a fixed seed with segment-specific "true"
 * preferences, so the analysis has known answers to find:
 *  - real_estate values the CRM and client portal and accepts ~$40–$65 → H1 validated;
 *  - nonprofit values the grant pipeline but its band (~$15–$30) is far below $79 → H2 invalidated;
 *  - tech's purchase intent for the analytics tier sits right at the bar → H3 inconclusive.
 */
import { createHash, randomBytes } from "node:crypto";
import { createRng, shuffle, type Rng } from "../../research/random.ts";
import { generateDesign } from "../../research/maxdiff/design.ts";
import type { DecisionRule } from "../../research/studyExport.ts";
import { hashPassword } from "../../app/auth/password.server.ts";
import type { Db } from "../../app/db.server.ts";
import { nextLadderPrice, wouldBuy } from "../../research/gaborGranger/index.ts";
import { middleRung } from "../../app/studies/gaborGrangerLadder.ts";

export const DEMO_LOGIN = {
  email: "demo@valuestack.dev",
  password: "valuestack-demo",
  viewerEmail: "pmm@valuestack.dev",
};
export const DEMO_STUDY_NAME = "Project management tool: segment value study";

const SEGMENTS = [
  { key: "tech", name: "Tech", description: "Software and IT teams of 10–200 people", targetN: 150 },
  {
    key: "real_estate",
    name: "Real estate",
    description: "Agencies and brokerages managing listings and clients",
    targetN: 150,
  },
  {
    key: "nonprofit",
    name: "Nonprofit",
    description: "Charities and foundations running grant-funded programmes",
    targetN: 150,
  },
] as const;
type SegmentKey = (typeof SEGMENTS)[number]["key"];

const ITEMS = [
  ["Timeline view", "Gantt-style timelines with dependencies"],
  ["CRM module", "Contacts, deals and follow-ups next to projects"],
  ["Grant pipeline", "Track grant applications, deadlines and reporting"],
  ["Analytics dashboards", "Portfolio and team dashboards"],
  ["Client portal", "Share progress and files with clients"],
  ["Single sign-on (SSO)", "SAML/OIDC login and SCIM provisioning"],
  ["Integrations", "Slack, GitHub, Google Workspace and more"],
  ["Mobile app", "Full-featured iOS and Android apps"],
  ["Resource planning", "Capacity and workload across teams"],
  ["Time tracking", "Timesheets and billable hours"],
  ["Donor reporting", "Impact reports for donors and boards"],
  ["Listings sync", "Sync property listings with portals"],
] as const;

/** Mean "true" utility of each item (ITEMS order) per segment. */
const TRUE_UTILITIES: Record<SegmentKey, number[]> = {
  tech: [1.2, -0.8, -2.0, 1.0, -0.3, 2.0, 1.8, 0.0, 0.6, 0.2, -2.0, -2.2],
  real_estate: [0.0, 2.0, -2.0, 0.0, 1.7, -1.0, -0.2, 1.2, -0.5, 0.3, -2.0, 1.6],
  nonprofit: [0.5, -0.3, 2.2, 0.6, -0.5, -1.5, 0.0, 0.0, -0.3, 0.0, 1.8, -2.5],
};

/** Centre of each segment's "fair price" (USD per month) and its spread (log scale). */
const PRICE: Record<SegmentKey, { centre: number; spread: number }> = {
  tech: { centre: 42, spread: 0.25 },
  real_estate: { centre: 62, spread: 0.16 },
  nonprofit: { centre: 20, spread: 0.2 },
};

/** Gabor–Granger price ladder of the demo (started at the middle rung, 45). */
const GG_LADDER = [15, 25, 35, 45, 55, 65, 79, 99];

/**
 * A completed demo respondent's walk up and down the ladder (own random stream, so the other demo
 * answers are unchanged): willingness to pay near their "getting expensive" price; likelihood 5 well
 * below it, 4 up to it, 3/2/1 above it, one step off now and then, as in real data.
 */
function simulateLadder(rng: Rng, expensive: number) {
  const wtp = expensive * Math.exp(0.12 * rng.normal());
  const likelihood = (p: number) => {
    const r = p / wtp;
    let score = r <= 0.8 ? 5 : r <= 1 ? 4 : r <= 1.2 ? 3 : r <= 1.5 ? 2 : 1;
    const u = rng.next();
    if (u < 0.06) score = Math.min(5, score + 1);
    else if (u < 0.12) score = Math.max(1, score - 1);
    return score;
  };
  const asked: { step: number; price: number; likelihood: number }[] = [];
  for (let step = 1; step <= GG_LADDER.length; step++) {
    const next = nextLadderPrice(
      GG_LADDER,
      asked.map((a) => ({ price: a.price, wouldBuy: wouldBuy(a.likelihood) })),
      middleRung(GG_LADDER.length),
    );
    if (next.done) break;
    asked.push({ step, price: next.next, likelihood: likelihood(next.next) });
  }
  return asked;
}

const HYPOTHESES: Array<{
  problem: string;
  statement: string;
  segments: SegmentKey[];
  items: string[];
  targetPrice: number;
  concept: { name: string; body: string };
  /** Probability that a respondent of each segment gives top-2-box purchase intent. */
  top2: Record<SegmentKey, number>;
  rule: DecisionRule;
}> = [
  {
    problem: "Agents lose track of client follow-ups between spreadsheets, email and the project board.",
    statement: "Real estate agencies will pay $49/month for a project tool with a built-in client CRM and portal.",
    segments: ["real_estate"],
    items: ["CRM module", "Client portal"],
    targetPrice: 49,
    concept: {
      name: "Agency workspace",
      body: "One workspace for listings, client follow-ups and a branded client portal, for $49/month.",
    },
    top2: { tech: 0.2, real_estate: 0.72, nonprofit: 0.15 },
    rule: {
      confidence: 0.95,
      criteria: [
        { kind: "concept", segment: "real_estate", metric: "purchase_intent", threshold: 0.5 },
        { kind: "valueDriver", segment: "real_estate", topK: 3, items: ["CRM module"] },
        { kind: "price", segment: "real_estate", test: "inAcceptableRange" },
      ],
    },
  },
  {
    problem: "Programme managers track grant deadlines and reports by hand.",
    statement: "Nonprofits will pay $79/month for grant pipeline tracking.",
    segments: ["nonprofit"],
    items: ["Grant pipeline"],
    targetPrice: 79,
    concept: {
      name: "Grant pipeline",
      body: "Every grant from prospect to final report, with deadline reminders, for $79/month.",
    },
    top2: { tech: 0.1, real_estate: 0.1, nonprofit: 0.55 },
    rule: {
      confidence: 0.95,
      criteria: [
        { kind: "valueDriver", segment: "nonprofit", topK: 3 },
        { kind: "price", segment: "nonprofit", test: "inAcceptableRange" },
      ],
    },
  },
  {
    problem: "Engineering leads cannot see delivery across teams without exporting to spreadsheets.",
    statement: "Tech teams will buy an analytics tier with portfolio dashboards.",
    segments: ["tech"],
    items: ["Analytics dashboards"],
    targetPrice: 45,
    concept: {
      name: "Insights tier",
      body: "Portfolio dashboards, cycle-time analytics and team health reports, for $45/month.",
    },
    top2: { tech: 0.5, real_estate: 0.25, nonprofit: 0.3 },
    rule: {
      confidence: 0.95,
      criteria: [
        { kind: "concept", segment: "tech", metric: "purchase_intent", threshold: 0.5 },
        { kind: "price", segment: "tech", test: "notTooExpensive", threshold: 0.6 },
      ],
    },
  },
];

const COMPLETED_PER_SEGMENT = 120;
const STARTED_PER_SEGMENT = 5;
const INVITED_PER_SEGMENT = 10;
const MAXDIFF = { itemsPerTask: 4, tasksPerRespondent: 9, versions: 10, seed: 7 };

export function demoTokenHash(): string {
  // Demo respondents have no usable link: a random token is hashed and thrown away.
  return createHash("sha256").update(randomBytes(32)).digest("hex");
}

/** Creates the demo users and study once; does nothing when the demo user exists. */
export async function ensureDemoData(db: Db): Promise<boolean> {
  if (await db.user.findUnique({ where: { email: DEMO_LOGIN.email }, select: { id: true } })) {
    // demo databases seeded before address confirmation existed: the demo still sends invitations
    await db.user.updateMany({
      where: { email: DEMO_LOGIN.email, emailVerifiedAt: null },
      data: { emailVerifiedAt: new Date() },
    });
    return false;
  }
  const passwordHash = await hashPassword(DEMO_LOGIN.password);
  let researcher: { id: string } | null;
  try {
    researcher = await db.user.create({
      // verified, so the demo study may send invitations at once
      data: {
        email: DEMO_LOGIN.email,
        name: "Demo Researcher",
        role: "researcher",
        passwordHash,
        emailVerifiedAt: new Date(),
      },
    });
  } catch {
    return false; // another process is seeding
  }
  const viewer = await db.user.create({
    data: { email: DEMO_LOGIN.viewerEmail, name: "Pat Marketer", role: "viewer", passwordHash },
  });
  await createDemoStudy(db, researcher.id, viewer.id);
  return true;
}

export async function createDemoStudy(db: Db, ownerId: string, viewerId?: string, seed = 2026) {
  const rng = createRng(seed);
  const study = await db.study.create({
    data: {
      ownerId,
      name: DEMO_STUDY_NAME,
      status: "live",
      currency: "USD",
      productDescription: "Planwise, a project management tool for growing teams, priced per workspace per month.",
      launchedAt: new Date(),
      members: viewerId ? { create: { userId: viewerId, role: "viewer" } } : undefined,
      maxDiffSettings: { create: MAXDIFF },
      pricing: {
        create: {
          nmsEnabled: true,
          minPrice: 0,
          maxPrice: 500,
          ggEnabled: true,
          ggLadder: JSON.stringify(GG_LADDER),
          ggStart: "middle",
        },
      },
    },
  });
  const ggRng = createRng(seed + 18);
  const segments = new Map<SegmentKey, string>();
  for (const [i, s] of SEGMENTS.entries()) {
    const row = await db.segment.create({ data: { ...s, studyId: study.id, sortOrder: i } });
    segments.set(s.key, row.id);
  }
  const itemIds: string[] = [];
  for (const [i, [label, description]] of ITEMS.entries()) {
    itemIds.push((await db.maxDiffItem.create({ data: { studyId: study.id, label, description, sortOrder: i } })).id);
  }
  const itemId = (label: string) => itemIds[ITEMS.findIndex(([l]) => l === label)];
  const conceptIds: string[] = [];
  for (const [i, h] of HYPOTHESES.entries()) {
    const row = await db.hypothesis.create({
      data: {
        studyId: study.id,
        problem: h.problem,
        statement: h.statement,
        targetPrice: h.targetPrice,
        rule: JSON.stringify(h.rule),
        ruleLockedAt: new Date(),
        sortOrder: i,
        segments: { create: h.segments.map((k) => ({ segmentId: segments.get(k)! })) },
        items: { create: h.items.map((label) => ({ itemId: itemId(label) })) },
        concepts: { create: { studyId: study.id, name: h.concept.name, body: h.concept.body, sortOrder: i } },
      },
      include: { concepts: true },
    });
    conceptIds.push(row.concepts[0].id);
  }

  const design = generateDesign({
    items: ITEMS.length,
    itemsPerTask: MAXDIFF.itemsPerTask,
    tasks: MAXDIFF.tasksPerRespondent,
    versions: MAXDIFF.versions,
    seed: MAXDIFF.seed,
  });
  const versions = design.versions;
  await db.maxDiffDesignTask.createMany({
    data: versions.flatMap((tasks, v) =>
      tasks.flatMap((task, t) =>
        task.map((item, p) => ({
          studyId: study.id,
          version: v + 1,
          task: t + 1,
          position: p + 1,
          itemId: itemIds[item],
        })),
      ),
    ),
  });

  let n = 0;
  for (const seg of SEGMENTS) {
    const total = COMPLETED_PER_SEGMENT + STARTED_PER_SEGMENT + INVITED_PER_SEGMENT;
    for (let i = 0; i < total; i++) {
      n++;
      const status =
        i < COMPLETED_PER_SEGMENT
          ? "completed"
          : i < COMPLETED_PER_SEGMENT + STARTED_PER_SEGMENT
            ? "started"
            : "invited";
      const version = (n % MAXDIFF.versions) + 1;
      const respondent = await db.respondent.create({
        data: {
          studyId: study.id,
          email: `respondent${String(n).padStart(3, "0")}@example.org`,
          name: `Respondent ${n}`,
          segmentId: segments.get(seg.key)!,
          attributes: JSON.stringify({ company_size: ["1-10", "11-50", "51-200"][rng.int(3)] }),
          tokenHash: demoTokenHash(),
          status,
          source: "import",
          designVersion: version,
        },
      });
      if (status === "invited") continue;
      const order = shuffle(conceptIds, rng);
      const answers = simulateRespondent(rng, seg.key, versions[version - 1], status === "completed");
      // page keys (app/survey/pages.server.ts): concept:1..3, maxdiff:1..9, price, nms, gg:1..8
      const pagesTotal = conceptIds.length + MAXDIFF.tasksPerRespondent + 2 + GG_LADDER.length;
      const pagesDone = status === "completed" ? pagesTotal : answers.maxdiff.length + conceptIds.length;
      await db.response.create({
        data: {
          respondentId: respondent.id,
          studyId: study.id,
          status,
          conceptOrder: JSON.stringify(order),
          designVersion: version,
          currentPage: status === "completed" ? "done" : `maxdiff:${answers.maxdiff.length + 1}`,
          pagesDone,
          pagesTotal,
          completedAt: status === "completed" ? new Date() : null,
          ratings: {
            create: order.map((conceptId, position) => ({
              conceptId,
              position: position + 1,
              ...simulateRatings(rng, HYPOTHESES[conceptIds.indexOf(conceptId)].top2[seg.key]),
            })),
          },
          maxdiff: {
            create: answers.maxdiff.map((a, t) => ({
              task: t + 1,
              shown: JSON.stringify(a.shown.map((i) => itemIds[i])),
              bestItemId: itemIds[a.best],
              worstItemId: itemIds[a.worst],
            })),
          },
          price: answers.price ? { create: answers.price } : undefined,
          gaborGranger: answers.price ? { create: simulateLadder(ggRng, answers.price.expensive) } : undefined,
        },
      });
    }
  }
  await seedCompetitors(db, study.id, segments, itemId, seed);
  await db.study.update({ where: { id: study.id }, data: { dataVersion: { increment: 1 } } });
  return study.id;
}

/** Competitors block of the demo (issue 20): Planwise vs Boardly and spreadsheets, rated on six value drivers. */
const COMPETITOR_DRIVERS = [
  "Timeline view",
  "CRM module",
  "Grant pipeline",
  "Analytics dashboards",
  "Client portal",
  "Integrations",
] as const;
type Product = "Planwise" | "Boardly" | "Spreadsheets / build it ourselves";
/** Mean true performance (0–10) per product and driver (COMPETITOR_DRIVERS order), per segment. */
const PERFORMANCE: Record<SegmentKey, Record<Product, number[]>> = {
  tech: {
    Planwise: [8.0, 7.0, 4.5, 5.2, 7.8, 8.3],
    Boardly: [6.6, 3.8, 3.5, 7.6, 5.0, 7.0],
    "Spreadsheets / build it ourselves": [3.5, 4.5, 5.0, 4.8, 2.5, 3.0],
  },
  real_estate: {
    Planwise: [7.6, 8.2, 4.5, 6.0, 8.6, 7.2],
    Boardly: [6.8, 4.5, 3.8, 6.5, 5.2, 7.0],
    "Spreadsheets / build it ourselves": [3.8, 6.6, 4.8, 4.2, 2.8, 3.2],
  },
  nonprofit: {
    Planwise: [7.5, 6.5, 5.0, 6.2, 7.0, 7.0],
    Boardly: [6.5, 4.0, 4.0, 6.0, 4.8, 6.8],
    "Spreadsheets / build it ourselves": [4.0, 5.0, 7.4, 6.8, 3.0, 3.5],
  },
};
/** Share of each segment using Boardly, spreadsheets (the rest: none of these). */
const USES: Record<SegmentKey, [number, number]> = {
  tech: [0.6, 0.3],
  real_estate: [0.45, 0.45],
  nonprofit: [0.3, 0.6],
};

async function seedCompetitors(
  db: Db,
  studyId: string,
  segments: Map<SegmentKey, string>,
  itemId: (label: string) => string,
  seed: number,
) {
  const rng = createRng(seed + 20); // its own stream: the other demo answers stay as they were
  const drivers = COMPETITOR_DRIVERS.map((d) => itemId(d));
  await db.competitorSetup.create({
    data: { studyId, ourName: "Planwise", ourPrice: 45, driverIds: JSON.stringify(drivers) },
  });
  const boardly = await db.competitor.create({ data: { studyId, name: "Boardly", listPrice: 29, sortOrder: 0 } });
  const sheets = await db.competitor.create({
    data: { studyId, name: "Spreadsheets / build it ourselves", listPrice: null, sortOrder: 1 },
  });
  const segmentOf = new Map([...segments].map(([k, id]) => [id, k]));
  const responses = await db.response.findMany({
    where: { studyId, status: "completed" },
    orderBy: { respondent: { email: "asc" } },
    select: { id: true, respondent: { select: { segmentId: true } } },
  });
  for (const r of responses) {
    const seg = segmentOf.get(r.respondent.segmentId ?? "");
    if (!seg) continue;
    const u = rng.next();
    const [pb, ps] = USES[seg];
    const alt = u < pb ? boardly : u < pb + ps ? sheets : null;
    const pricePaid = alt === boardly && rng.next() < 0.6 ? Math.round(29 * Math.exp(0.15 * rng.normal())) : null;
    const bias = 0.7 * rng.normal();
    const rate = (mean: number, dk: number) =>
      rng.next() < dk ? null : Math.min(10, Math.max(0, Math.round(mean + bias + 1.3 * rng.normal())));
    const rows: { product: string; driverId: string; rating: number | null }[] = [];
    drivers.forEach((driverId, d) => {
      rows.push({ product: "ours", driverId, rating: rate(PERFORMANCE[seg].Planwise[d], 0.04) });
      if (alt) rows.push({ product: alt.id, driverId, rating: rate(PERFORMANCE[seg][alt.name as Product][d], 0.06) });
    });
    await db.competitorAnswer.create({ data: { responseId: r.id, competitorId: alt?.id ?? null, pricePaid } });
    await db.performanceRating.createMany({ data: rows.map((x) => ({ responseId: r.id, ...x })) });
  }
}

/** Best–worst choices from each respondent's own utilities (segment mean + N(0, 0.8²)), Gumbel errors. */
function simulateRespondent(rng: Rng, segment: SegmentKey, tasks: number[][], complete: boolean) {
  const beta = TRUE_UTILITIES[segment].map((u) => u + 0.8 * rng.normal());
  const gumbel = () => -Math.log(-Math.log(rng.next() || Number.MIN_VALUE));
  const answered = complete ? tasks.length : 2 + rng.int(tasks.length - 3);
  const maxdiff = tasks.slice(0, answered).map((shown) => {
    const bestScores = shown.map((i) => beta[i] + gumbel());
    const best = shown[bestScores.indexOf(Math.max(...bestScores))];
    const rest = shown.filter((i) => i !== best);
    const worstScores = rest.map((i) => -beta[i] + gumbel());
    const worst = rest[worstScores.indexOf(Math.max(...worstScores))];
    return { shown, best, worst };
  });
  if (!complete) return { maxdiff, price: null };
  const { centre, spread } = PRICE[segment];
  const fair = centre * Math.exp(spread * rng.normal());
  const round = (x: number) => Math.max(1, Math.round(x));
  let price = {
    tooCheap: round(fair * (0.45 + 0.05 * rng.normal())),
    cheap: round(fair * (0.72 + 0.05 * rng.normal())),
    expensive: round(fair * (1.25 + 0.08 * rng.normal())),
    tooExpensive: round(fair * (1.7 + 0.1 * rng.normal())),
    piCheap: clampRating(4.4 + 0.7 * rng.normal()),
    piExpensive: clampRating(2.4 + 0.9 * rng.normal()),
  };
  // A few careless respondents answer out of order, as in real data.
  if (rng.next() < 0.02) price = { ...price, cheap: price.expensive, expensive: price.cheap };
  return { maxdiff, price };
}

function simulateRatings(rng: Rng, top2: number) {
  const rate = (p: number) => {
    if (rng.next() < p) return rng.next() < 0.55 ? 4 : 5;
    return 1 + rng.int(3);
  };
  const purchaseIntent = rate(top2);
  return {
    appeal: rate(Math.min(0.95, top2 + 0.1)),
    relevance: rate(top2),
    uniqueness: rate(0.4),
    believability: rate(0.6),
    purchaseIntent,
  };
}

function clampRating(x: number): number {
  return Math.min(5, Math.max(1, Math.round(x)));
}
