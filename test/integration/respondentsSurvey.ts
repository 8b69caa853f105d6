/** Answers survey pages over plain HTTP, like a browser without JavaScript. */
import type { HttpClient } from "../helpers/http.ts";

export function pageKeyOf(html: string): string | null {
  return /name="page" value="([^"]+)"/.exec(html)?.[1] ?? null;
}

export function answersFor(html: string): Record<string, string> {
  const page = pageKeyOf(html);
  if (!page) throw new Error("no survey form on the page");
  const values = (name: string) =>
    [...html.matchAll(new RegExp(`name="${name}"[^>]*? value="([^"]+)"`, "g"))].map((m) => m[1]);
  if (page === "start") return { page };
  if (page === "screener") return { page, option: values("option")[0] };
  if (page.startsWith("concept:"))
    return { page, appeal: "4", relevance: "5", uniqueness: "3", believability: "4", purchaseIntent: "5" };
  if (page.startsWith("maxdiff:")) {
    const items = values("best");
    const anchor: Record<string, string> = values("anchor").length ? { anchor: "some" } : {};
    return { page, best: items[0], worst: items[items.length - 1], ...anchor };
  }
  if (page === "price") return { page, tooCheap: "10", cheap: "20", expensive: "40", tooExpensive: "60" };
  if (page === "nms") return { page, piCheap: "4", piExpensive: "2" };
  if (page.startsWith("gg:")) return { page, likelihood: "4" };
  // competitors block: the first alternative offered, then 7 of 10 for every product on every driver
  if (page === "alternative") return { page, alternative: values("alternative")[0] };
  if (page === "performance") {
    const names = [...new Set([...html.matchAll(/name="((?:ours|alt)_[^"]+)"/g)].map((m) => m[1]))];
    return { page, ...Object.fromEntries(names.map((n) => [n, "7"])) };
  }
  throw new Error(`unknown page ${page}`);
}

/** Answers pages until `stopAt` (a page key) or the end; returns the keys answered. */
export async function answerPages(client: HttpClient, path: string, stopAt?: string): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < 50; i++) {
    const res = await client.get(path);
    const html = await res.text();
    const key = pageKeyOf(html);
    if (!key || key === stopAt) return seen;
    const post = await client.post(path, answersFor(html));
    if (post.status !== 303) throw new Error(`page ${key}: ${post.status} ${await post.text()}`);
    seen.push(key);
  }
  throw new Error("survey did not end");
}
