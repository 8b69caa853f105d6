import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import type { ShouldRevalidateFunction } from "@remix-run/react";
import {
  Form,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useLoaderData,
  useMatches,
  useRouteError,
} from "@remix-run/react";
import { type ReactNode, useEffect } from "react";
import { getUser } from "./auth/session.server.ts";
import { catalogLanguage } from "./i18n/index.ts";
import { textDirection } from "./i18n/languages.ts";
import { markHydrated } from "./hydration.ts";
import { useNonce } from "./nonce.tsx";
import styles from "./styles/app.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [
  { title: "Valuestack" },
  { name: "description", content: "Willingness-to-pay and value research per customer segment." },
];

export async function loader({ request }: LoaderFunctionArgs) {
  // Respondent pages (/s/…, /u/…) never show account chrome.
  const path = new URL(request.url).pathname;
  // survey, panel and unsubscribe links: the browser's language, for their error page (their pages name their own)
  if (path.startsWith("/s/") || path.startsWith("/u/") || path.startsWith("/p/"))
    return { user: null, respondentPage: true, language: catalogLanguage(request.headers.get("accept-language")) };
  const user = await getUser(request);
  return { user: user ? { name: user.name, role: user.role } : null, respondentPage: false };
}

const RESPONDENT_PAGE = /^\/[sup]\//;

/**
 * The root data of respondent pages never changes, so moving between survey pages never reloads
 * it: a submit that fails on the way then stays on the survey page (its own error handling)
 * instead of ending on the app-wide error page.
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({ currentUrl, nextUrl, defaultShouldRevalidate }) =>
  RESPONDENT_PAGE.test(currentUrl.pathname) && RESPONDENT_PAGE.test(nextUrl.pathname) ? false : defaultShouldRevalidate;

/** The page's language: the deepest route that names one (a survey page in the respondent's language). */
function usePageLanguage(): string {
  const matches = useMatches();
  for (let i = matches.length - 1; i >= 0; i--) {
    const language = (matches[i].data as { language?: unknown } | undefined)?.language;
    if (typeof language === "string" && language) return language;
  }
  return "en";
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  const language = usePageLanguage();
  useEffect(markHydrated, []);
  return (
    <html lang={language} dir={textDirection(language)}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  const { user, respondentPage } = useLoaderData<typeof loader>();
  if (respondentPage) return <Outlet />;
  return (
    <>
      <header className="topbar">
        <Link to={user ? "/studies" : "/"} className="brand">
          Valuestack
        </Link>
        <nav aria-label="Account">
          {user ? (
            <>
              <Link to="/studies">Studies</Link>
              <span className="muted">
                {user.name} ({user.role})
              </span>
              <Form method="post" action="/logout" className="inline">
                <button type="submit" className="link-button">
                  Log out
                </button>
              </Form>
            </>
          ) : (
            <>
              <Link to="/login">Log in</Link>
              <Link to="/signup">Sign up</Link>
            </>
          )}
        </nav>
      </header>
      <main className="page">
        <Outlet />
      </main>
    </>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const message = isRouteErrorResponse(error)
    ? ((error.data as { message?: string } | undefined)?.message ?? error.statusText)
    : "Something went wrong. Nothing you saved was lost; try again.";
  return (
    <main className="page">
      <h1>{status === 404 ? "Not found" : status === 403 ? "Not allowed" : "Error"}</h1>
      <p role="alert">{message}</p>
      <p>
        <Link to="/">Go to the start page</Link>
      </p>
    </main>
  );
}
