/**
 * Where a survey page's uploaded concept image is served from depends on who looks: a
 * respondent through their own link (/s/<token>/image/<concept>), a researcher through the
 * study (/studies/<id>/concepts/<concept>/image). The version (part of the image's SHA-256)
 * makes a replaced image a new URL. Pages without an uploaded image are returned unchanged
 * (an image link given as a URL keeps working).
 */
import type { SurveyPageView } from "./types.ts";

export function withConceptImageSrc<P extends SurveyPageView>(page: P, base: string): P {
  if (page.kind !== "concept" || !page.concept.imageVersion) return page;
  const { id, imageVersion } = page.concept;
  return { ...page, concept: { ...page.concept, imageUrl: `${base}/${encodeURIComponent(id)}?v=${imageVersion}` } };
}
