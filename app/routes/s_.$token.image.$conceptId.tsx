/**
 * An uploaded concept image, for the respondent whose link this is: only concepts of their own
 * study, counted by the same per-address limits as their survey pages (an unknown link counts as
 * a miss). Served with its sniffed type, nosniff, and cached privately: the URL carries the
 * image's version, so a replaced image is a new URL.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import {
  findRespondentByToken,
  limitLinkRequests,
  recordLinkMiss,
  tooManyLinkRequests,
} from "../respondents/links.server.ts";
import { conceptImageOf, imageNotFound, imageResponse } from "../studies/conceptImage.server.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const wait = await limitLinkRequests(request);
  if (wait) return tooManyLinkRequests(wait);
  const respondent = await findRespondentByToken(params.token);
  if (!respondent) {
    const miss = await recordLinkMiss(request);
    if (miss) return tooManyLinkRequests(miss);
    return imageNotFound();
  }
  const image = await conceptImageOf(respondent.studyId, params.conceptId ?? "");
  if (!image) return imageNotFound();
  return imageResponse(image, "private, max-age=86400, immutable");
}
