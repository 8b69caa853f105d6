/**
 * Sample-size planner: per segment, the respondents each pre-registered criterion needs to be
 * decided with the chosen power (default 80%) at the rule's confidence, given the value the
 * researcher expects, plus the MaxDiff and Van Westendorp precision the design needs. The
 * segment's target is the largest requirement; `drivingCriterion` names it.
 *
 * Tests are the ones the hypotheses engine (research/hypotheses/criteria.ts) applies:
 * share criteria (concept top-2-box, "not too expensive") are decided by the two-sided Wilson
 * interval at confidence c, i.e. the one-sided score test at level (1 − c)/2 in each
 * direction — planned with Chow, Shao & Wang (2008) §4.1 and checked with the exact binomial
 * power of that Wilson decision. Comparisons use power.prop.test / power.t.test (Cohen 1988).
 */
import type { StudyExport } from "../studyExport.ts";
import {
  oneSampleProportionSampleSize,
  tTestPower,
  tTestSampleSize,
  twoSampleProportionPower,
  twoSampleProportionSampleSize,
  wilsonDecisionPower,
} from "../stats/power.ts";
import {
  countHalfWidth,
  DEFAULT_EXPOSURES_PER_ITEM,
  hbAdequacy,
  maxdiffRespondentsForExposures,
} from "./maxdiffExposure.ts";
import {
  acceptableRangeSampleSize,
  defaultPriceAnswerModel,
  vanWestendorpBandPrecision,
  vanWestendorpSampleSizeForHalfWidth,
  type PriceAnswerModel,
} from "./vanWestendorpPrecision.ts";

/** What the researcher expects, keyed by `<hypothesis id>#<criterion index>` (0-based). */
export interface PlanExpectations {
  /** Power to decide each criterion (default 0.8). */
  power?: number;
  /** Expected share (0–1) for concept and "not too expensive" criteria. */
  criteria?: Record<string, { expected: number }>;
  /** Expected price answers per segment (pilot means and SD); default: defaultPriceAnswerModel(target price). */
  priceModels?: Record<string, PriceAnswerModel>;
  /** Target half-width of the PMC/PME intervals as a share of the price (default 0.05 = ±5%). */
  priceRelativeHalfWidth?: number;
  /** Exposures per item per segment for MaxDiff counts (default 500). */
  exposuresPerItem?: number;
  /** Extra planned comparisons (e.g. this segment vs another on top-2-box, or on a mean rating). */
  comparisons?: PlannedComparison[];
  /** Planned competitor-lead criteria. */
  leads?: PlannedLead[];
}

/** A planned "we lead competitor X on driver Y in segment S" criterion (research/scorecard/criterion.ts). */
export interface PlannedLead {
  id: string;
  segment: string;
  competitor: string;
  driver: string;
  /** Expected mean of ours − competitor (rating points) and the SD of those differences. */
  expectedDifference: number;
  sd: number;
  /** Share of the segment's respondents who use the competitor, i.e. who will rate both (default 1). */
  usersShare?: number;
  confidence?: number;
}

export type PlannedComparison =
  | { id: string; segment: string; kind: "proportions"; p1: number; p2: number; label?: string }
  | { id: string; segment: string; kind: "means"; delta: number; sd: number; label?: string };

export interface Requirement {
  /** `<hypothesis id>#<index>` for criteria; "maxdiff", "price" or the comparison id otherwise. */
  id: string;
  source: "criterion" | "maxdiff" | "price" | "comparison";
  kind: string;
  rule: string;
  /** The test or rule of thumb and its source. */
  method: string;
  /** Respondents needed in the segment; null when it cannot be computed (the note says why). */
  n: number | null;
  /** Power (or precision) achieved at n, by the exact method where one exists. */
  power: number | null;
  note: string;
}

export interface SegmentPlan {
  segment: string;
  name: string;
  currentTarget: number;
  target: number | null;
  drivingCriterion: { id: string; rule: string; n: number } | null;
  sentence: string;
  requirements: Requirement[];
}

export interface SamplePlan {
  power: number;
  segments: Record<string, SegmentPlan>;
}

const pct = (x: number) => `${Math.round(1000 * x) / 10}%`;

/** One-sample share criterion ("share ≥ T") planned for the Wilson decision at `confidence`. */
export function planShareCriterion(
  threshold: number,
  expected: number,
  confidence: number,
  power: number,
): { n: number | null; power: number | null } {
  const n0 = oneSampleProportionSampleSize(threshold, expected, (1 - confidence) / 2, power);
  if (n0 === null) return { n: null, power: null };
  const n = Math.max(2, Math.ceil(n0 - 1e-9));
  return { n, power: wilsonDecisionPower(n, threshold, expected, confidence) };
}

/**
 * Lead criterion: respondents rating both products for the one-sided paired t test at
 * (1 − confidence)/2 (power.t.test(type = "paired", alternative = "one.sided")), and the
 * segment respondents that takes when only a share of them use the competitor.
 */
export function planLeadCriterion(
  expectedDifference: number,
  sd: number,
  confidence: number,
  power: number,
  usersShare = 1,
): { pairs: number | null; respondents: number | null; power: number | null } {
  const alpha1 = (1 - confidence) / 2;
  const n0 = expectedDifference > 0 ? tTestSampleSize(expectedDifference, sd, alpha1, power, "paired", 1) : null;
  if (n0 === null) return { pairs: null, respondents: null, power: null };
  const pairs = Math.max(2, Math.ceil(n0 - 1e-9));
  return {
    pairs,
    respondents: Math.ceil(pairs / usersShare - 1e-9),
    power: tTestPower(pairs, expectedDifference, sd, alpha1, "paired", 1),
  };
}

export function planStudySampleSize(study: StudyExport, expectations: PlanExpectations = {}): SamplePlan {
  const power = expectations.power ?? 0.8;
  const segments: Record<string, SegmentPlan> = {};
  const reqs = new Map<string, Requirement[]>(study.segments.map((s) => [s.key, []]));
  const add = (segment: string, r: Requirement) => reqs.get(segment)?.push(r);

  for (const h of study.hypotheses) {
    const confidence = h.rule.confidence;
    h.rule.criteria.forEach((c, i) => {
      const id = `${h.id}#${i}`;
      const conf = pct(confidence);
      /** This criterion's requirement, in its segment. */
      const need = (r: Pick<Requirement, "rule" | "method" | "n" | "power" | "note">) =>
        add(c.segment, { id, source: "criterion", kind: c.kind, ...r });
      if (c.kind === "concept" || (c.kind === "price" && c.test === "notTooExpensive")) {
        const threshold = c.threshold as number;
        const rule =
          c.kind === "concept"
            ? `top-2-box ${c.metric.replace("_", " ")} ≥ ${pct(threshold)} in ${c.segment}`
            : `≥ ${pct(threshold)} of ${c.segment} do not find ${c.price ?? h.targetPrice} too expensive`;
        const method = `Wilson interval at ${conf} (one-sided score test at ${pct((1 - confidence) / 2)}); n from Chow, Shao & Wang 2008 §4.1, power exact binomial`;
        const e = expectations.criteria?.[id];
        if (!e) {
          need({
            rule,
            method,
            n: null,
            power: null,
            note: "enter the share you expect to plan this criterion",
          });
          return;
        }
        const p = planShareCriterion(threshold, e.expected, confidence, power);
        need({
          rule,
          method,
          n: p.n,
          power: p.power,
          note:
            p.n === null
              ? `an expected share equal to the threshold (${pct(threshold)}) can never be decided`
              : `expected ${pct(e.expected)} vs threshold ${pct(threshold)}: ${p.n} ratings give ${pct(p.power as number)} power to ${e.expected > threshold ? "validate" : "invalidate"}`,
        });
      } else if (c.kind === "price") {
        const price = (c.price ?? h.targetPrice) as number | null;
        const rule = `${price} within the acceptable price range (PMC–PME) of ${c.segment}`;
        const method = `delta method for a curve crossing, n = (u·(z_{1−α/2} + z_power)/δ)² (Serfling 1980 §2.3)`;
        if (price === null) {
          need({
            rule,
            method,
            n: null,
            power: null,
            note: "no price",
          });
          return;
        }
        const model = expectations.priceModels?.[c.segment] ?? defaultPriceAnswerModel(price);
        const r = acceptableRangeSampleSize(model, price, confidence, power);
        need({
          rule,
          method,
          n: r?.n ?? null,
          power: r ? power : null,
          note: r
            ? `expected band ${round2(r.pmc)}–${round2(r.pme)}${expectations.priceModels?.[c.segment] ? ` (${fromPilot(model)})` : " (default answer spread around the price: enter pilot means and SD to sharpen)"}; ${r.end.toUpperCase()} decides`
            : "the price sits on an expected end of the band: no n decides it",
        });
      } else if (c.kind === "lead") {
        need({
          rule: `we lead ${c.competitor} on ${c.driver} in ${c.segment}`,
          method: `paired t test at ${conf} (Student 1908)`,
          n: null,
          power: null,
          note: "paired ratings: plan from a pilot's spread of (ours − theirs) differences",
        });
      } else {
        // valueDriver: the MaxDiff requirement below carries it (rank precision grows with exposures).
        need({
          rule: `${(c.items ?? h.items).map((x) => `"${x}"`).join(", ")} in the top ${c.topK} MaxDiff items of ${c.segment}`,
          method: `MaxDiff exposures per item (${expectations.exposuresPerItem ?? DEFAULT_EXPOSURES_PER_ITEM} per item per segment)`,
          n: study.maxdiff ? maxdiffN(study, expectations) : null,
          power: null,
          note: study.maxdiff
            ? "planned by item exposures: the rank simulation settles once counts are within about ±4 points"
            : "the study has no MaxDiff design",
        });
      }
    });
  }

  for (const s of study.segments) {
    if (study.maxdiff && study.items.length > 1) {
      const d = {
        items: study.items.length,
        itemsPerTask: study.maxdiff.itemsPerTask,
        tasksPerRespondent: study.maxdiff.tasksPerRespondent,
      };
      const exposures = expectations.exposuresPerItem ?? DEFAULT_EXPOSURES_PER_ITEM;
      const n = maxdiffRespondentsForExposures(d, exposures);
      const hb = hbAdequacy(d);
      const shown = (n * d.tasksPerRespondent * d.itemsPerTask) / d.items;
      add(s.key, {
        id: "maxdiff",
        source: "maxdiff",
        kind: "exposures",
        rule: `each of ${d.items} items shown ≥ ${exposures} times in ${s.key}`,
        method: "n = exposures·items/(k·tasks) (Orme 2005)",
        n,
        power: null,
        note:
          `${n} respondents × ${d.tasksPerRespondent} tasks × ${d.itemsPerTask} items show each item about ${Math.round(shown)} times (counts ±${pct(countHalfWidth(shown) as number)}); ` +
          (hb.adequate
            ? `HB adequate: ${round2(hb.exposuresPerRespondent)} exposures per item per respondent (≥ ${hb.minimum}).`
            : `HB not adequate: ${round2(hb.exposuresPerRespondent)} exposures per item per respondent (< ${hb.minimum}); ${hb.tasksNeeded} tasks would be.`),
      });
    }
    if (study.pricing) {
      const model = expectations.priceModels?.[s.key];
      const ref = model ? (model.cheap + model.expensive) / 2 : null;
      const price = ref ?? study.hypotheses.find((h) => h.targetPrice !== null)?.targetPrice ?? null;
      if (price !== null && price > 0) {
        const m = model ?? defaultPriceAnswerModel(price);
        const rel = expectations.priceRelativeHalfWidth ?? 0.05;
        const n = vanWestendorpSampleSizeForHalfWidth(m, rel * price);
        const prec = vanWestendorpBandPrecision(m, n);
        add(s.key, {
          id: "price",
          source: "price",
          kind: "bandPrecision",
          rule: `PMC and PME within ±${pct(rel)} of ${round2(price)} (95% intervals) in ${s.key}`,
          method: "delta method for a curve crossing, SE = √(2a/n)/(f₁ + f₂) (Serfling 1980 §2.3)",
          n,
          power: null,
          note: `expected PMC ${round2(prec.pmc.estimate)} ± ${round2(prec.pmc.halfWidth)}, PME ${round2(prec.pme.estimate)} ± ${round2(prec.pme.halfWidth)} at n = ${n}${model ? ` (${fromPilot(model)})` : " (default answer spread: SD 25% of the price)"}`,
        });
      }
    }
  }

  for (const c of expectations.comparisons ?? []) {
    if (c.kind === "proportions") {
      const n0 = twoSampleProportionSampleSize(c.p1, c.p2, 0.05, power);
      const n = n0 === null ? null : Math.ceil(n0 - 1e-9);
      add(c.segment, {
        id: c.id,
        source: "comparison",
        kind: "twoProportions",
        rule: c.label ?? `${pct(c.p1)} vs ${pct(c.p2)}`,
        method: "power.prop.test, two-sided α = .05 (Fleiss, Levin & Paik 2003)",
        n,
        power: n === null ? null : twoSampleProportionPower(n, c.p1, c.p2, 0.05),
        note: n === null ? "equal proportions cannot be told apart" : `${n} per group`,
      });
    } else {
      const n0 = tTestSampleSize(c.delta, c.sd, 0.05, power);
      const n = n0 === null ? null : Math.ceil(n0 - 1e-9);
      add(c.segment, {
        id: c.id,
        source: "comparison",
        kind: "twoMeans",
        rule: c.label ?? `difference ${c.delta} (SD ${c.sd})`,
        method: "power.t.test, two-sample, two-sided α = .05 (Cohen 1988 ch. 2)",
        n,
        power: n === null ? null : tTestPower(n, c.delta, c.sd, 0.05),
        note: n === null ? "a zero difference cannot be detected" : `${n} per group`,
      });
    }
  }

  for (const l of expectations.leads ?? []) {
    const confidence = l.confidence ?? 0.95;
    const share = l.usersShare ?? 1;
    const p = planLeadCriterion(l.expectedDifference, l.sd, confidence, power, share);
    add(l.segment, {
      id: l.id,
      source: "criterion",
      kind: "competitor",
      rule: `In ${l.segment} we lead ${l.competitor} on ${l.driver}`,
      method: `one-sided paired t test at ${pct((1 - confidence) / 2)} (power.t.test, type = "paired"; Cohen 1988 ch. 2)`,
      n: p.respondents,
      power: p.power,
      note:
        p.pairs === null
          ? "a lead must be expected (a positive difference) to plan for it"
          : `${p.pairs} respondents rating both us and ${l.competitor}${share < 1 ? `; with ${pct(share)} of the segment using ${l.competitor} that is ${p.respondents} respondents` : ""}`,
    });
  }

  for (const s of study.segments) {
    const list = reqs.get(s.key) ?? [];
    const computable = list.filter((r): r is Requirement & { n: number } => r.n !== null);
    const driver = computable.reduce<(Requirement & { n: number }) | null>(
      (a, r) => (a === null || r.n > a.n ? r : a),
      null,
    );
    const name = s.name || s.key;
    const sentence = driver
      ? `${name} needs ${driver.n} respondents (now ${s.targetN}), driven by ${driver.source === "criterion" ? "criterion" : "the requirement"} "${driver.rule}": ${driver.note}.`
      : `${name}: no requirement can be computed yet${list.some((r) => r.n === null) ? " (enter expected values for its criteria)" : ""}.`;
    segments[s.key] = {
      segment: s.key,
      name,
      currentTarget: s.targetN,
      target: driver?.n ?? null,
      drivingCriterion: driver ? { id: driver.id, rule: driver.rule, n: driver.n } : null,
      sentence: sentence.replace(/\.\.$/, "."),
      requirements: list,
    };
  }
  return { power, segments };
}

function maxdiffN(study: StudyExport, e: PlanExpectations): number {
  const md = study.maxdiff as NonNullable<StudyExport["maxdiff"]>;
  return maxdiffRespondentsForExposures(
    { items: study.items.length, itemsPerTask: md.itemsPerTask, tasksPerRespondent: md.tasksPerRespondent },
    e.exposuresPerItem ?? DEFAULT_EXPOSURES_PER_ITEM,
  );
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** How a plan names a segment's pilot answer model: the four means in question order and the SD. */
const fromPilot = (m: PriceAnswerModel) =>
  `from your pilot: means ${[m.tooCheap, m.cheap, m.expensive, m.tooExpensive].map(round2).join(", ")}, SD ${round2(m.sd)}`;
