/**
 * What a survey page shows, as plain data: the respondent's survey (s.$token) and the
 * study builder's preview render the same `SurveyPage` component from these props.
 * Page keys: "start", "screener", "concept:1..n", ["attention"], "maxdiff:1..t", "price", "nms", "gg:1..L", "done",
 * "screened_out", "over_quota".
 */

import type { CompetitorPageView } from "./competitorTypes.ts";

export type RatingName = "appeal" | "relevance" | "uniqueness" | "believability" | "purchaseIntent";

export interface RatingQuestion {
  name: RatingName;
  question: string;
  /** labels for 1..5 */
  anchors: [string, string, string, string, string];
}

export const CONCEPT_QUESTIONS: RatingQuestion[] = [
  {
    name: "appeal",
    question: "How appealing is this product to you?",
    anchors: [
      "Not at all appealing",
      "Slightly appealing",
      "Moderately appealing",
      "Very appealing",
      "Extremely appealing",
    ],
  },
  {
    name: "relevance",
    question: "How relevant is this product to your needs?",
    anchors: ["Not at all relevant", "Slightly relevant", "Moderately relevant", "Very relevant", "Extremely relevant"],
  },
  {
    name: "uniqueness",
    question: "How new and different is this product from what is available today?",
    anchors: [
      "Not at all different",
      "Slightly different",
      "Moderately different",
      "Very different",
      "Extremely different",
    ],
  },
  {
    name: "believability",
    question: "How believable are the claims made about this product?",
    anchors: [
      "Not at all believable",
      "Slightly believable",
      "Moderately believable",
      "Very believable",
      "Extremely believable",
    ],
  },
  {
    name: "purchaseIntent",
    question: "If this product were available, how likely would you be to buy it?",
    anchors: [
      "Definitely would not buy",
      "Probably would not buy",
      "Might or might not buy",
      "Probably would buy",
      "Definitely would buy",
    ],
  },
];

/** Purchase intent anchors, reused by the Newton–Miller–Smith follow-ups. */
export const INTENT_ANCHORS = CONCEPT_QUESTIONS[4].anchors;

/** Van Westendorp questions in the standard wording, in the order asked. */
export const PRICE_QUESTIONS = [
  {
    name: "tooCheap",
    label: "Too cheap",
    question:
      "At what price would you consider the product to be priced so low that you would feel the quality couldn't be very good?",
  },
  {
    name: "cheap",
    label: "A bargain",
    question: "At what price would you consider the product to be a bargain — a great buy for the money?",
  },
  {
    name: "expensive",
    label: "Getting expensive",
    question:
      "At what price would you consider the product starting to get expensive, so that it is not out of the question, but you would have to give some thought to buying it?",
  },
  {
    name: "tooExpensive",
    label: "Too expensive",
    question: "At what price would you consider the product to be so expensive that you would not consider buying it?",
  },
] as const;

export type SurveyPageView =
  | { kind: "start"; productDescription: string; pages: number }
  | { kind: "screener"; question: string; options: Array<{ id: string; label: string }> }
  | {
      kind: "concept";
      index: number;
      of: number;
      /** imageVersion: an uploaded image; the route turns it into its own imageUrl (conceptImageSrc.ts) */
      concept: { id: string; name: string; body: string; imageUrl: string | null; imageVersion?: string | null };
    }
  | {
      kind: "maxdiff";
      task: number;
      of: number;
      items: Array<{ id: string; label: string; description: string }>;
      /** Anchored MaxDiff: the follow-up "all / some / none valuable" question; absent = not asked. */
      anchorQuestion?: string;
    }
  /**
   * The optional attention check (app/studies/quality.ts): instruction question and answers, never the correct one.
   * An answer posts its default-language text (`value`) and shows the respondent's language (`label`).
   */
  | { kind: "attention"; question: string; options: Array<{ value: string; label: string }> }
  | { kind: "price"; currency: string; productDescription: string }
  | { kind: "nms"; currency: string; cheap: number; expensive: number }
  /** One Gabor–Granger ladder step: purchase likelihood at one price. */
  | { kind: "gaborGranger"; step: number; price: number; currency: string; productDescription: string }
  | CompetitorPageView
  | { kind: "done" }
  | { kind: "screened_out" }
  | { kind: "over_quota" };

export interface SurveyPageProps {
  studyName: string;
  /** the page key posted back with the form */
  pageKey: string;
  page: SurveyPageView;
  progress: { done: number; total: number };
  errors?: Record<string, string>;
  /** the respondent's last submitted values, shown again after an error */
  values?: Record<string, string>;
  /** form action; default: the current URL */
  action?: string;
  /** preview mode: the form does not submit */
  preview?: boolean;
  notice?: string;
  /** an earlier page shown again (Back) with its saved answers: nothing can be changed */
  readOnly?: boolean;
  /** with readOnly: where the respondent continues (their current page) */
  continueTo?: string;
  /** signed token for browsers that post without an Origin (app/survey/formToken.server.ts) */
  formToken?: string;
  /** the page's language (BCP-47): fixed strings from app/i18n/, money in its format, its writing direction */
  language?: string;
  /** the study's languages the respondent may switch to (none = no switch shown) */
  languages?: Array<{ code: string; dir: "ltr" | "rtl" }>;
}

/** A page key in a URL: "concept:2" ↔ "concept-2". */
export function pageSlug(key: string): string {
  return key.replace(":", "-");
}
export function pageFromSlug(slug: string | null): string | null {
  if (!slug || !/^[a-z_]{1,20}(-\d{1,4})?$/.test(slug)) return null;
  return slug.replace(/-(\d+)$/, ":$1");
}

export { formatMoney } from "../../research/format/money.ts";
