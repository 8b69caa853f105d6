/** Anonymous per-segment panel links: each start creates a fresh respondent with its own link. */
import { randomUUID } from "node:crypto";
import { db } from "../db.server.ts";
import { newLink, tokenFromSalt } from "./tokens.server.ts";
import { panelUrl } from "./links.server.ts";

export async function createPanelLink(studyId: string, segmentId: string | null) {
  const link = newLink("panel");
  await db.anonymousLink.create({ data: { studyId, segmentId, tokenHash: link.hash, tokenSalt: link.salt } });
  return panelUrl(link.token);
}

export async function listPanelLinks(studyId: string) {
  const rows = await db.anonymousLink.findMany({
    where: { studyId },
    orderBy: { createdAt: "asc" },
    select: { id: true, tokenSalt: true, revokedAt: true, segment: { select: { name: true } } },
  });
  return rows.map((r) => ({
    id: r.id,
    segment: r.segment?.name ?? "(screener decides)",
    revoked: !!r.revokedAt,
    url: r.tokenSalt && !r.revokedAt ? panelUrl(tokenFromSalt(r.tokenSalt, "panel")) : null,
  }));
}

export async function revokePanelLink(studyId: string, id: string) {
  const { count } = await db.anonymousLink.updateMany({ where: { id, studyId }, data: { revokedAt: new Date() } });
  return count === 1;
}

/** A new anonymous respondent for this panel link; returns their survey token. */
export async function createPanelRespondent(link: { studyId: string; segmentId: string | null }) {
  const l = newLink();
  await db.respondent.create({
    data: {
      id: randomUUID(),
      studyId: link.studyId,
      segmentId: link.segmentId,
      tokenHash: l.hash,
      tokenSalt: l.salt,
      source: "panel",
    },
  });
  return l.token;
}
