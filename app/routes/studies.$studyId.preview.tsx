import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireStudyAccess } from "../auth/permissions.server.ts";
import { SurveyPage } from "../components/survey/SurveyPage.tsx";
import { withConceptImageSrc } from "../survey/conceptImageSrc.ts";
import { previewSurvey } from "../survey/pages.server.ts";
import builderStyles from "../styles/builder.css";
import surveyStyles from "../styles/survey.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: surveyStyles },
  { rel: "stylesheet", href: builderStyles },
];

/** The survey exactly as a respondent sees it (the respondent's own page component), with sample data; nothing is saved. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { studyId } = await requireStudyAccess(request, params.studyId, "view");
  const url = new URL(request.url);
  const preview = await previewSurvey(studyId, url.searchParams.get("lang") ?? undefined);
  const pages = preview?.pages ?? [];
  const n = Number(url.searchParams.get("page") ?? "1");
  const index = Number.isInteger(n) && n >= 1 && n <= pages.length ? n - 1 : 0;
  const page = pages[index];
  const current = page ? { ...page, page: withConceptImageSrc(page.page, `/studies/${studyId}/concept-images`) } : null;
  return {
    studyName: preview?.studyName ?? "",
    total: pages.length,
    index,
    current,
    keys: pages.map((p) => p.key),
    // the survey in one of its languages (?lang=de): a preview language, not the page's (the builder stays English)
    surveyLanguage: preview?.language ?? "en",
    languages: preview?.languages ?? [],
  };
}

function pageLabel(key: string): string {
  const [kind, n] = key.split(":");
  const names: Record<string, string> = {
    start: "Welcome",
    screener: "Screener",
    concept: "Concept",
    maxdiff: "MaxDiff task",
    price: "Pricing",
    nms: "Purchase intent at prices",
    done: "Thank you",
  };
  return `${names[kind] ?? kind}${n ? ` ${n}` : ""}`;
}

export default function Preview() {
  const { studyName, total, index, current, keys, surveyLanguage, languages } = useLoaderData<typeof loader>();
  const lang = languages.length > 1 ? `&lang=${encodeURIComponent(surveyLanguage)}` : "";
  return (
    <div className="stack">
      <p className="muted">
        Preview: this is what respondents see, with sample data. Answers are not saved. Page {index + 1} of {total}.
      </p>
      <nav aria-label="Preview pages" className="actions">
        {index > 0 ? <Link to={`?page=${index}${lang}`}>← Previous page</Link> : null}
        {index + 1 < total ? <Link to={`?page=${index + 2}${lang}`}>Next page →</Link> : null}
      </nav>
      {languages.length > 1 ? (
        <nav aria-label="Preview language" className="actions">
          {languages.map((l) => (
            <Link
              key={l}
              to={`?page=${index + 1}&lang=${encodeURIComponent(l)}`}
              aria-current={l === surveyLanguage ? "page" : undefined}
            >
              {l}
            </Link>
          ))}
        </nav>
      ) : null}
      <details>
        <summary>All pages</summary>
        <ol>
          {keys.map((k, i) => (
            <li key={k}>
              <Link to={`?page=${i + 1}${lang}`} aria-current={i === index ? "page" : undefined}>
                {pageLabel(k)}
              </Link>
            </li>
          ))}
        </ol>
      </details>
      <div className="preview-frame">
        {current ? (
          <SurveyPage
            studyName={studyName}
            pageKey={current.key}
            page={current.page}
            progress={current.progress}
            language={surveyLanguage}
            preview
          />
        ) : (
          <p>Nothing to preview yet.</p>
        )}
      </div>
    </div>
  );
}
