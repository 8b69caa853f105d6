import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireStudyAccess } from "../auth/permissions.server.ts";
import { db } from "../db.server.ts";
import { RespondentStatus, ResponseStatus, parseStored, responseStatusSchema } from "../domain/status.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { studyId } = await requireStudyAccess(request, params.studyId);
  const [study, segments, byStatus] = await Promise.all([
    db.study.findUniqueOrThrow({ where: { id: studyId }, select: { productDescription: true, currency: true } }),
    db.segment.findMany({
      where: { studyId },
      orderBy: { sortOrder: "asc" },
      select: { id: true, key: true, name: true, description: true, targetN: true },
    }),
    db.response.groupBy({ by: ["status"], where: { studyId }, _count: { _all: true } }),
  ]);
  const completedBySegment = await db.respondent.groupBy({
    by: ["segmentId"],
    where: { studyId, status: RespondentStatus.completed },
    _count: { _all: true },
  });
  const done = new Map(completedBySegment.map((r) => [r.segmentId, r._count._all]));
  return {
    study,
    segments: segments.map((s) => ({ ...s, completed: done.get(s.id) ?? 0 })),
    responses: Object.fromEntries(
      byStatus.map((r) => [parseStored(responseStatusSchema, "Response.status", r.status), r._count._all]),
    ) as Partial<Record<ResponseStatus, number>>,
  };
}

export default function StudyOverview() {
  const { study, segments, responses } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <section className="card">
        <h2>Product</h2>
        <p>{study.productDescription || <span className="muted">No product description yet.</span>}</p>
        <p className="muted">Prices in {study.currency}</p>
      </section>
      <section className="card">
        <h2>Responses by segment</h2>
        <p>
          {responses[ResponseStatus.completed] ?? 0} completed, {responses[ResponseStatus.started] ?? 0} in progress
        </p>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>Segment</th>
                <th className="num">Completed</th>
                <th className="num">Target</th>
              </tr>
            </thead>
            <tbody>
              {segments.map((s) => (
                <tr key={s.id}>
                  <td>
                    {s.name} <span className="muted">({s.key})</span>
                    {s.description ? <div className="muted">{s.description}</div> : null}
                  </td>
                  <td className="num">{s.completed}</td>
                  <td className="num">{s.targetN}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
