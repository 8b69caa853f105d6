/**
 * Downloads: the study export document (JSON, the `research study` input) and the CSVs in
 * the CLI's input formats. Viewers may download; every download goes through the same
 * export document the results page analyses.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStudyAccess } from "../auth/permissions.server.ts";
import {
  conceptTestCsv,
  contentDisposition,
  fileSlug,
  maxDiffCsv,
  responsesCsv,
  vanWestendorpCsv,
} from "../results/csv.server.ts";
import { buildStudyExport } from "../results/exportDocument.server.ts";

const FILES: Record<
  string,
  { suffix: string; type: string; body: (doc: Awaited<ReturnType<typeof buildStudyExport>>) => string }
> = {
  "study.json": {
    suffix: "study.json",
    type: "application/json; charset=utf-8",
    body: (doc) => `${JSON.stringify(doc, null, 2)}\n`,
  },
  "responses.csv": { suffix: "responses.csv", type: "text/csv; charset=utf-8", body: responsesCsv },
  "maxdiff.csv": { suffix: "maxdiff.csv", type: "text/csv; charset=utf-8", body: maxDiffCsv },
  "van-westendorp.csv": { suffix: "van-westendorp.csv", type: "text/csv; charset=utf-8", body: vanWestendorpCsv },
  "concept-test.csv": { suffix: "concept-test.csv", type: "text/csv; charset=utf-8", body: conceptTestCsv },
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { studyId } = await requireStudyAccess(request, params.studyId, "view");
  const file = FILES[params.file ?? ""];
  if (!file) throw new Response("No such export", { status: 404 });
  const doc = await buildStudyExport(studyId);
  return new Response(file.body(doc), {
    headers: {
      "Content-Type": file.type,
      "Content-Disposition": contentDisposition(`${fileSlug(doc.study.name)}-${file.suffix}`),
      "Cache-Control": "private, no-store",
    },
  });
}
