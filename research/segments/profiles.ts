/**
 * Class profiles: who is in each needs-based class — its size, top value drivers, and the
 * respondent attributes (declared segment, company size, role …) over-represented in it,
 * each level tested with a one-sided Fisher exact test and Holm-adjusted over all tests
 * (Wedel & Kamakura 2000 §6.4 "profiling segments"; Holm 1979).
 */
import { holmAdjust } from "../stats/tests.ts";
import { fisherExactGreater } from "../stats/independence.ts";

export interface ProfiledClass {
  class: number;
  name: string;
  /** Estimated class share (0–1). */
  size: number;
  items: readonly { item: string; utility: number | null }[];
}

export interface OverRepresentation {
  attribute: string;
  level: string;
  /** Respondents of the class with this level / respondents of the class with the attribute answered. */
  inClass: number;
  classTotal: number;
  classShare: number;
  /** Share of the level among all respondents with the attribute answered. */
  overallShare: number;
  /** classShare / overallShare. */
  lift: number;
  pValue: number;
  pHolm: number;
  significant: boolean;
}

export interface ClassProfile {
  class: number;
  name: string;
  size: number;
  /** Respondents whose most likely class this is. */
  respondents: number;
  /** Items with the highest utilities, best first. */
  topDrivers: string[];
  /** Attribute levels more common in the class than overall (lift > 1), most significant first. */
  overRepresented: OverRepresentation[];
}

/**
 * Profile classes from each respondent's most likely class (`assignments`: respondent →
 * class) and their attributes (`attributes`: respondent → attribute → level; null or
 * missing = not answered). One test per class × attribute × level; Holm over all of them.
 */
export function classProfiles(input: {
  classes: readonly ProfiledClass[];
  assignments: Readonly<Record<string, number>>;
  attributes: Readonly<Record<string, Readonly<Record<string, string | null | undefined>>>>;
  topDrivers?: number;
  alpha?: number;
}): ClassProfile[] {
  const alpha = input.alpha ?? 0.05;
  const top = input.topDrivers ?? 3;
  const respondents = Object.keys(input.assignments);
  const attributeNames: string[] = [];
  for (const r of respondents)
    for (const a of Object.keys(input.attributes[r] ?? {})) if (!attributeNames.includes(a)) attributeNames.push(a);
  const tests: Omit<OverRepresentation, "pHolm" | "significant">[] = [];
  const testClass: number[] = [];
  for (const attribute of attributeNames) {
    const answered = respondents.filter((r) => {
      const v = input.attributes[r]?.[attribute];
      return v !== null && v !== undefined && v !== "";
    });
    const levelOf = (r: string) => String(input.attributes[r][attribute]);
    const levels = [...new Set(answered.map(levelOf))];
    for (const c of input.classes) {
      const members = answered.filter((r) => input.assignments[r] === c.class);
      if (members.length === 0) continue;
      for (const level of levels) {
        const marked = answered.filter((r) => levelOf(r) === level).length;
        const hits = members.filter((r) => levelOf(r) === level).length;
        const classShare = hits / members.length;
        const overallShare = marked / answered.length;
        tests.push({
          attribute,
          level,
          inClass: hits,
          classTotal: members.length,
          classShare,
          overallShare,
          lift: classShare / overallShare,
          pValue: fisherExactGreater(hits, members.length, marked, answered.length),
        });
        testClass.push(c.class);
      }
    }
  }
  const pHolm = holmAdjust(tests.map((t) => t.pValue));
  return input.classes.map((c) => ({
    class: c.class,
    name: c.name,
    size: c.size,
    respondents: respondents.filter((r) => input.assignments[r] === c.class).length,
    topDrivers: [...c.items]
      .filter((i): i is { item: string; utility: number } => i.utility !== null)
      .sort((a, b) => b.utility - a.utility)
      .slice(0, top)
      .map((i) => i.item),
    overRepresented: tests
      .map((t, i) => ({ ...t, pHolm: pHolm[i] ?? 1, significant: (pHolm[i] ?? 1) < alpha }))
      .filter((t, i) => testClass[i] === c.class && t.lift > 1)
      .sort((a, b) => a.pValue - b.pValue || b.lift - a.lift),
  }));
}
