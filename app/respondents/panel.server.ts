/** Anonymous per-segment panel links: each start creates a fresh respondent with its own link. */
import { randomUUID } from "node:crypto";
import { db } from "../db.server.ts";
import { newLink, tokenFromSalt } from "./tokens.server.ts";
import { panelUrl } from "./links.server.ts";

/**
 * A new panel link for one segment of the study, or for "the screener decides" (no segment),
 * which only a study with a screener question can have.
 */
export async function createPanelLink(
  studyId: string,
  segmentId: string | null,
): Promise<{ ok: true; url: string } | { ok: false; error: string }> {
  const study = await db.study.findUniqueOrThrow({ where: { id: studyId }, select: { screenerQuestion: true } });
  const segment = segmentId
    ? await db.segment.findFirst({ where: { id: segmentId, studyId }, select: { id: true } })
    : null;
  if (segmentId && !segment) return { ok: false, error: "Choose a segment of this study." };
  if (!segment && !study.screenerQuestion)
    return { ok: false, error: "This study has no screener question, so a panel link needs a segment." };
  const link = newLink("panel");
  await db.anonymousLink.create({
    data: { studyId, segmentId: segment?.id ?? null, tokenHash: link.hash, tokenSalt: link.salt },
  });
  return { ok: true, url: panelUrl(link.token) };
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
