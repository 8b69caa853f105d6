/**
 * DB → the study export document (research/studyExport.ts): what "Export JSON" downloads,
 * what `npm run research -- study export.json` reads, and what the results page hands to
 * analyseStudy(). Respondents appear under pseudonymous ids, never their email or name.
 */
import { studyLanguages } from "../i18n/languages.ts";
import { createHash, createHmac } from "node:crypto";
import { anchorQuestion, isAnchorAnswer } from "../studies/maxdiffAnchor.ts";
import { studyExportSchema, type StudyExport } from "../../research/studyExport.ts";
import { db } from "../db.server.ts";
import { pseudonymSecret } from "../env.server.ts";
import { ResponseStatus, StudyStatus } from "../domain/status.ts";
import { savedSegmentations } from "./segmentation.server.ts";
import { parseAttentionCheck, parseQualityGate } from "../studies/quality.ts";
import { storedLadder } from "../studies/gaborGrangerLadder.ts";

/**
 * A respondent's id in exports: HMAC-SHA256 keyed with PSEUDONYM_SECRET (generated under
 * VAR_DIR) over study and respondent ids. Stable across exports while the secret is kept;
 * without the secret, someone who sees respondent ids cannot recompute it (a plain hash of
 * the ids could be).
 */
export function pseudonym(studyId: string, respondentId: string, secret = pseudonymSecret()): string {
  return `r-${createHmac("sha256", secret).update(`${studyId}:${respondentId}`).digest("hex").slice(0, 12)}`;
}

function parseJson<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

export async function buildStudyExport(studyId: string, now: Date = new Date()): Promise<StudyExport> {
  const study = await db.study.findUniqueOrThrow({
    where: { id: studyId },
    include: {
      segments: { orderBy: [{ sortOrder: "asc" }, { key: "asc" }] },
      maxDiffItems: { orderBy: [{ sortOrder: "asc" }, { label: "asc" }] },
      concepts: { orderBy: [{ sortOrder: "asc" }, { name: "asc" }] },
      hypotheses: {
        orderBy: [{ sortOrder: "asc" }, { createdAt: "asc" }],
        include: {
          segments: { include: { segment: true } },
          items: { include: { item: true } },
          concepts: { orderBy: [{ sortOrder: "asc" }, { name: "asc" }] },
        },
      },
      maxDiffSettings: true,
      pricing: true,
      competitorSetup: true,
      competitors: { orderBy: [{ sortOrder: "asc" }, { name: "asc" }] },
    },
  });
  const segmentKey = new Map(study.segments.map((s) => [s.id, s.key]));
  const itemLabel = new Map(study.maxDiffItems.map((i) => [i.id, i.label]));
  const itemOrder = new Map(study.maxDiffItems.map((i, n) => [i.id, n]));
  const conceptName = new Map(study.concepts.map((c) => [c.id, c.name]));
  const segOrder = new Map(study.segments.map((s, n) => [s.key, n]));

  const responses = await db.response.findMany({
    where: { studyId },
    orderBy: [{ startedAt: "asc" }, { id: "asc" }],
    include: {
      respondent: { select: { id: true, segmentId: true } },
      ratings: { orderBy: { position: "asc" } },
      maxdiff: { orderBy: { task: "asc" } },
      price: true,
      pages: { select: { shownAt: true, createdAt: true } },
      gaborGranger: { orderBy: { step: "asc" } },
      competitor: true,
      performance: true,
    },
  });
  const attention = parseAttentionCheck(study.attentionCheck);
  const competitorBlock = competitorsOf(study, segmentKey, itemLabel);
  const competitorName = new Map(study.competitors.map((c) => [c.id, c.name]));

  const secret = pseudonymSecret();
  // multi-language studies: each response's language, for splitting (items and concepts are matched by id)
  const multiLanguage = studyLanguages(study.defaultLanguage, study.languages).length > 1;
  const segmentations = await savedSegmentations(studyId, study.dataVersion, secret);
  const respondents: StudyExport["respondents"] = responses.map((r) => ({
    id: pseudonym(studyId, r.respondent.id, secret),
    segment: r.respondent.segmentId ? (segmentKey.get(r.respondent.segmentId) ?? null) : null,
    ...(multiLanguage ? { language: r.language || study.defaultLanguage } : {}),
    // turned away by a full quota: like screened out, they answered only the screener
    status:
      r.status === ResponseStatus.completed || r.status === ResponseStatus.screenedOut
        ? r.status
        : r.status === ResponseStatus.overQuota
          ? ResponseStatus.screenedOut
          : ResponseStatus.started,
    ...(r.status === ResponseStatus.completed ? timing(r.pages) : {}),
    ...(attention && r.attentionAnswer !== null
      ? { attention: r.attentionAnswer === attention.answer ? ("pass" as const) : ("fail" as const) }
      : {}),
    concepts: r.ratings.map((c) => ({
      concept: conceptName.get(c.conceptId) ?? c.conceptId,
      position: c.position,
      appeal: c.appeal,
      relevance: c.relevance,
      uniqueness: c.uniqueness,
      believability: c.believability,
      purchase_intent: c.purchaseIntent,
    })),
    maxdiff: r.maxdiff.map((t) => ({
      task: t.task,
      shown: parseJson<string[]>(t.shown, []).map((id) => itemLabel.get(id) ?? id),
      best: itemLabel.get(t.bestItemId) ?? t.bestItemId,
      worst: itemLabel.get(t.worstItemId) ?? t.worstItemId,
      ...(isAnchorAnswer(t.anchor) ? { anchor: t.anchor } : {}),
    })),
    price: r.price
      ? {
          tooCheap: r.price.tooCheap,
          cheap: r.price.cheap,
          expensive: r.price.expensive,
          tooExpensive: r.price.tooExpensive,
          piCheap: r.price.piCheap ?? null,
          piExpensive: r.price.piExpensive ?? null,
        }
      : null,
    ...(r.gaborGranger.length
      ? { gaborGranger: r.gaborGranger.map((a) => ({ step: a.step, price: a.price, response: a.likelihood })) }
      : {}),
    ...(competitorBlock && r.competitor
      ? {
          competitor: {
            alternative: r.competitor.competitorId ? (competitorName.get(r.competitor.competitorId) ?? null) : null,
            pricePaid: r.competitor.pricePaid,
            ratings: r.performance
              .map((p) => ({
                product: p.product === "ours" ? competitorBlock.ours : (competitorName.get(p.product) ?? p.product),
                driver: itemLabel.get(p.driverId) ?? p.driverId,
                rating: p.rating,
              }))
              .sort((a, b) => (a.product + a.driver < b.product + b.driver ? -1 : 1)),
          },
        }
      : {}),
  }));
  // Stable order regardless of database: by segment order, then pseudonym.
  respondents.sort(
    (a, b) =>
      (segOrder.get(a.segment ?? "") ?? 1e9) - (segOrder.get(b.segment ?? "") ?? 1e9) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );

  const doc: StudyExport = {
    format: "valuestack.study",
    version: 1,
    exportedAt: now.toISOString(),
    study: {
      id: study.id,
      name: study.name,
      currency: study.currency,
      productDescription: study.productDescription,
      status:
        study.status === StudyStatus.live || study.status === StudyStatus.closed ? study.status : StudyStatus.draft,
    },
    segments: study.segments.map((s) => ({ key: s.key, name: s.name, description: s.description, targetN: s.targetN })),
    items: study.maxDiffItems.map((i) => ({ label: i.label, description: i.description })),
    concepts: study.concepts.map((c) => ({ name: c.name, hypothesisId: c.hypothesisId, body: c.body })),
    hypotheses: study.hypotheses.map((h) => ({
      id: h.id,
      problem: h.problem,
      statement: h.statement,
      segments: h.segments.map((s) => s.segment.key).sort((a, b) => (segOrder.get(a) ?? 0) - (segOrder.get(b) ?? 0)),
      items: h.items
        .map((i) => i.item.label)
        .sort(
          (a, b) =>
            (itemOrder.get(study.maxDiffItems.find((x) => x.label === a)?.id ?? "") ?? 0) -
            (itemOrder.get(study.maxDiffItems.find((x) => x.label === b)?.id ?? "") ?? 0),
        ),
      concepts: h.concepts.map((c) => c.name),
      targetPrice: h.targetPrice,
      rule: parseRule(h.rule),
    })),
    pricing: study.pricing
      ? {
          nms: study.pricing.nmsEnabled,
          calibration: parseJson<number[]>(study.pricing.calibration, [0.7, 0.5, 0.3, 0.1, 0]),
          minPrice: study.pricing.minPrice,
          maxPrice: study.pricing.maxPrice,
          ...ggOf(study.pricing),
        }
      : null,
    maxdiff: study.maxDiffSettings
      ? {
          itemsPerTask: study.maxDiffSettings.itemsPerTask,
          tasksPerRespondent: study.maxDiffSettings.tasksPerRespondent,
          versions: study.maxDiffSettings.versions,
          hbCovariates: study.maxDiffSettings.hbCovariates,
          ...(study.maxDiffAnchored
            ? { anchored: true, anchorQuestion: anchorQuestion(study.maxDiffAnchorQuestion) }
            : {}),
        }
      : null,
    ...(competitorBlock ? { competitors: competitorBlock } : {}),
    market: marketMix(study.segments),
    quality: parseQualityGate(study.qualityGate),
    respondents,
    ...(segmentations.length > 0 ? { segmentations } : {}),
  };
  return doc;
}

/**
 * Total time on the survey's pages (seconds): the sum of each page's submit time minus when it was
 * first shown. Absent when any page has no recorded show time (e.g. answered before timings existed).
 */
function timing(pages: Array<{ shownAt: Date | null; createdAt: Date }>): { seconds?: number } {
  if (!pages.length || pages.some((p) => p.shownAt === null)) return {};
  const ms = pages.reduce((a, p) => a + Math.max(0, p.createdAt.getTime() - (p.shownAt as Date).getTime()), 0);
  return { seconds: Math.round(ms / 100) / 10 };
}

function ggOf(p: Parameters<typeof storedLadder>[0]) {
  const gg = storedLadder(p);
  return gg ? { gaborGranger: { ladder: gg.ladder, start: gg.start } } : {};
}

/** The competitors block (issue 20): ids → segment keys and item labels; null when the study has none. */
function competitorsOf(
  study: {
    competitorSetup: { ourName: string; ourPrice: number | null; driverIds: string } | null;
    competitors: { name: string; listPrice: number | null; segmentIds: string }[];
  },
  segmentKey: Map<string, string>,
  itemLabel: Map<string, string>,
): NonNullable<StudyExport["competitors"]> | null {
  const setup = study.competitorSetup;
  if (!setup) return null;
  return {
    ours: setup.ourName,
    ourPrice: setup.ourPrice,
    drivers: parseJson<string[]>(setup.driverIds, []).flatMap((id) => (itemLabel.has(id) ? [itemLabel.get(id)!] : [])),
    alternatives: study.competitors.map((c) => ({
      name: c.name,
      listPrice: c.listPrice,
      segments: parseJson<string[]>(c.segmentIds, []).flatMap((id) =>
        segmentKey.has(id) ? [segmentKey.get(id)!] : [],
      ),
    })),
  };
}

/** The market mix (percent per segment in the DB → shares 0–1); null unless every segment has a share and they sum to 100. */
function marketMix(segments: { key: string; marketShare: number | null }[]): StudyExport["market"] {
  if (segments.length === 0 || segments.some((s) => s.marketShare === null)) return null;
  const total = segments.reduce((a, s) => a + (s.marketShare ?? 0), 0);
  if (Math.abs(total - 100) > 1e-6) return null;
  return { segments: Object.fromEntries(segments.map((s) => [s.key, (s.marketShare ?? 0) / 100])) };
}

function parseRule(text: string): StudyExport["hypotheses"][number]["rule"] {
  const parsed = studyExportSchema.shape.hypotheses.element.shape.rule.safeParse(parseJson<unknown>(text, {}));
  return parsed.success ? parsed.data : { confidence: 0.95, criteria: [] };
}

/**
 * The document without its timestamp, for cache keys. Saved segmentations are left out too: saving
 * one changes no answer, so the HB and latent-class runs keyed by this hash stay valid.
 */
export function documentHash(doc: StudyExport): string {
  const { exportedAt: _ignored, segmentations: _saved, ...rest } = doc;
  return createHash("sha256").update(JSON.stringify(rest)).digest("hex");
}
