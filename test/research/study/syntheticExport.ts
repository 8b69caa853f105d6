/** A small synthetic study export (≈150 respondents) for tests, generated with createRng. */
import { createRng, shuffle } from "../../../research/random.ts";
import type { StudyExport } from "../../../research/studyExport.ts";

export const ITEMS = ["SSO", "API", "Reports", "Mobile app", "Audit log", "Billing", "Templates", "Integrations"];
const UTIL: Record<string, number[]> = {
  tech: [2.0, 1.6, 0.2, -0.2, 1.0, -1.0, -0.8, 0.8],
  real_estate: [-1.2, -0.3, 1.8, 1.4, -0.6, 0.9, 1.2, 0.1],
  nonprofit: [-1.0, -0.6, 1.2, 0.4, -0.8, 1.8, 0.6, -0.3],
};
const TOP2: Record<string, Record<string, number>> = {
  tech: { "Tenant CRM": 0.25, "Grant pipeline": 0.2 },
  real_estate: { "Tenant CRM": 0.72, "Grant pipeline": 0.15 },
  nonprofit: { "Tenant CRM": 0.2, "Grant pipeline": 0.55 },
};
/** Mean of the standard Gumbel noise added to each utility: the anchor's noisy utility is centred here. */
const EULER_GAMMA = 0.5772156649;
const PRICE: Record<string, number> = { tech: 60, real_estate: 45, nonprofit: 25 };

export function syntheticExport(
  seed = 7,
  counts: Record<string, number> = { tech: 50, real_estate: 60, nonprofit: 40 },
  options: { anchored?: boolean } = {},
): StudyExport {
  const rng = createRng(seed);
  const respondents: StudyExport["respondents"] = [];
  let id = 0;
  for (const [segment, n] of Object.entries(counts)) {
    for (let i = 0; i < n; i++) {
      const status = i % 25 === 24 ? "started" : i % 31 === 30 ? "screened_out" : "completed";
      const rating = (p: number) => (rng.next() < p ? 4 + rng.int(2) : 1 + rng.int(3));
      const concepts = shuffle(["Tenant CRM", "Grant pipeline"], rng).map((concept, k) => {
        const p = TOP2[segment][concept];
        return {
          concept,
          position: k + 1,
          appeal: rating(p + 0.1),
          relevance: rating(p),
          uniqueness: rating(0.4),
          believability: rating(0.5),
          purchase_intent: rating(p),
        };
      });
      const maxdiff = Array.from({ length: 6 }, (_, t) => {
        const shown = shuffle(ITEMS, rng).slice(0, 4);
        const noisy = shown.map((it) => UTIL[segment][ITEMS.indexOf(it)] - Math.log(-Math.log(rng.next() || 1e-12)));
        const order = shown.map((it, k) => [it, noisy[k]] as const).sort((a, b) => b[1] - a[1]);
        const task = { task: t + 1, shown, best: order[0][0], worst: order[order.length - 1][0] };
        if (!options.anchored) return task;
        // Dual response against an anchor of true utility 0 (no extra draws: the seeded data stay the same).
        const above = order.filter(([, u]) => u > EULER_GAMMA).length;
        const anchor: "all" | "some" | "none" = above === shown.length ? "all" : above === 0 ? "none" : "some";
        return { ...task, anchor };
      });
      const base = PRICE[segment] * Math.exp(0.25 * rng.normal());
      const price = {
        tooCheap: round(base * 0.45),
        cheap: round(base * 0.7),
        expensive: round(base * 1.25),
        tooExpensive: round(base * 1.7),
        piCheap: 3 + rng.int(3),
        piExpensive: 1 + rng.int(3),
      };
      respondents.push({ id: `r${++id}`, segment, status, concepts, maxdiff, price });
    }
  }
  return {
    format: "valuestack.study",
    version: 1,
    exportedAt: "2025-01-01T00:00:00Z",
    study: { id: "s1", name: "Valuestack demo", currency: "USD", productDescription: "", status: "closed" },
    segments: [
      { key: "tech", name: "Tech", description: "", targetN: 50 },
      { key: "real_estate", name: "Real estate", description: "", targetN: 60 },
      { key: "nonprofit", name: "Nonprofit", description: "", targetN: 40 },
    ],
    items: ITEMS.map((label) => ({ label, description: "" })),
    concepts: [
      { name: "Tenant CRM", hypothesisId: "h1", body: "" },
      { name: "Grant pipeline", hypothesisId: "h2", body: "" },
    ],
    hypotheses: [
      {
        id: "h1",
        problem: "Property managers lose tenants",
        statement: "Real estate teams will pay for a tenant CRM",
        segments: ["real_estate"],
        items: ["Reports"],
        concepts: ["Tenant CRM"],
        targetPrice: 45,
        rule: {
          confidence: 0.95,
          criteria: [
            { kind: "concept", segment: "real_estate", metric: "purchase_intent", threshold: 0.5 },
            { kind: "valueDriver", segment: "real_estate", topK: 3 },
            { kind: "price", segment: "real_estate", test: "inAcceptableRange" },
          ],
        },
      },
      {
        id: "h2",
        problem: "Nonprofits juggle grants",
        statement: "Nonprofits want a grant pipeline at $60",
        segments: ["nonprofit"],
        items: ["Billing"],
        concepts: ["Grant pipeline"],
        targetPrice: 60,
        rule: {
          confidence: 0.9,
          criteria: [
            { kind: "concept", segment: "nonprofit", metric: "purchase_intent", threshold: 0.5 },
            { kind: "price", segment: "nonprofit", test: "notTooExpensive", threshold: 0.6 },
          ],
        },
      },
      {
        id: "h3",
        problem: "",
        statement: "Tech teams need SSO",
        segments: ["tech"],
        items: ["SSO"],
        concepts: [],
        targetPrice: null,
        rule: { confidence: 0.95, criteria: [] },
      },
    ],
    pricing: { nms: true, calibration: [0.7, 0.5, 0.3, 0.1, 0], minPrice: 0, maxPrice: 200 },
    maxdiff: { itemsPerTask: 4, tasksPerRespondent: 6, versions: 1, ...(options.anchored ? { anchored: true } : {}) },
    respondents,
  };
}

const round = (x: number) => Math.round(x * 100) / 100;
