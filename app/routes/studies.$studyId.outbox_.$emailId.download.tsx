/** The raw .eml file of one outbox email (written only when no SMTP server is configured), as a download. */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStudyAccess } from "../auth/permissions.server.ts";
import { db } from "../db.server.ts";
import { emlFileName, outboxDir } from "../email/transport.server.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { studyId } = await requireStudyAccess(request, params.studyId, "edit");
  const row = await db.emailOutbox.findFirst({ where: { id: String(params.emailId), studyId }, select: { id: true } });
  const file = row ? path.join(outboxDir(), emlFileName(row.id)) : null;
  if (!row || !file || !existsSync(file)) throw new Response("Not found", { status: 404 });
  return new Response(readFileSync(file), {
    headers: {
      "Content-Type": "message/rfc822",
      "Content-Disposition": `attachment; filename="${emlFileName(row.id)}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
