/**
 * The survey's competitors block as page data (issue 20), shared by the server and the
 * SurveyPage component: "alternative" (which alternative the respondent uses or considered,
 * and what they pay) and "performance" (0–10 ratings of our product and their alternative on
 * each value driver, with "don't know").
 */

export type CompetitorPageView =
  | {
      kind: "alternative";
      ourName: string;
      currency: string;
      options: Array<{ id: string; name: string }>;
    }
  | {
      kind: "performance";
      ourName: string;
      productDescription: string;
      /** The respondent's alternative; null = none of these (only ours is rated). */
      alternative: { id: string; name: string } | null;
      drivers: Array<{ id: string; label: string; description: string }>;
    };

/** The answer value of "none of these" on the alternative page. */
export const NO_ALTERNATIVE = "none";
/** The rating value of "don't know". */
export const DONT_KNOW = "dk";

/** Form field of a rating: ours_<driver id> or alt_<driver id>. */
export function ratingField(product: "ours" | "alt", driverId: string): string {
  return `${product}_${driverId}`;
}

/** The questions of a competitors page in display order (error summary, focus), in the page's language. */
export function competitorQuestions(
  page: CompetitorPageView,
  t: (key: "competitors.usesLabel" | "competitors.paysLabel") => string,
): Array<{ name: string; label: string }> {
  if (page.kind === "alternative")
    return [
      { name: "alternative", label: t("competitors.usesLabel") },
      { name: "pricePaid", label: t("competitors.paysLabel") },
    ];
  return page.drivers.flatMap((d) => [
    { name: ratingField("ours", d.id), label: `${page.ourName}: ${d.label}` },
    ...(page.alternative ? [{ name: ratingField("alt", d.id), label: `${page.alternative.name}: ${d.label}` }] : []),
  ]);
}
