/**
 * An uploaded concept image for the study's researchers and members (the builder and the
 * preview): anyone else gets the study's usual 404. Responses to a logged-in browser are never
 * cached (app/security/remixHandler.server.ts).
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStudyAccess } from "../auth/permissions.server.ts";
import { conceptImageOf, imageNotFound, imageResponse } from "../studies/conceptImage.server.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { studyId } = await requireStudyAccess(request, params.studyId, "view");
  const image = await conceptImageOf(studyId, params.conceptId ?? "");
  if (!image) return imageNotFound();
  return imageResponse(image, "private, no-store");
}
