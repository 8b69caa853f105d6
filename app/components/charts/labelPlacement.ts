/**
 * Greedy label placement for scatter charts (the price/value map): each label tries positions around its dot —
 * right, left, above, below (slid sideways into the plot), then the same sides moved away in small steps — and takes
 * the first whose box stays inside the plot and clears the labels already placed, every dot, fixed text boxes and
 * the given line segments (the dashed fair-value line). When nothing is free it takes the least-overlapping position. Labels are
 * placed in the given order, so the first (ours) gets the best spot. Candidate-position placement after
 * Christensen, Marks & Shieber 1995, "An empirical study of algorithms for point-feature label placement".
 */

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface LabelRequest {
  /** The dot the label belongs to (its centre and radius). */
  cx: number;
  cy: number;
  r: number;
  /** The label's size (estimated from its text). */
  width: number;
  height: number;
}

export interface PlacedLabel {
  /** The label's box (top-left corner and size). */
  box: Box;
  /** Where the text starts: "start" at box.x, "end" at box.x + width, "middle" at the centre. */
  anchor: "start" | "end" | "middle";
  /** The text's x for that anchor. */
  x: number;
  /** True when the label sits away from its dot (draw a thin leader line). */
  moved: boolean;
}

export interface Segment {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** Area of the overlap of two boxes (0 when they only touch or are apart). */
export function overlapArea(a: Box, b: Box): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/** Whether a line segment passes through a box (Liang–Barsky clipping). */
export function segmentHitsBox(s: Segment, b: Box): boolean {
  const dx = s.x2 - s.x1;
  const dy = s.y2 - s.y1;
  let t0 = 0;
  let t1 = 1;
  const edges: [number, number][] = [
    [-dx, s.x1 - b.x],
    [dx, b.x + b.width - s.x1],
    [-dy, s.y1 - b.y],
    [dy, b.y + b.height - s.y1],
  ];
  for (const [p, q] of edges) {
    if (p === 0) {
      if (q < 0) return false;
      continue;
    }
    const t = q / p;
    if (p < 0) {
      if (t > t1) return false;
      if (t > t0) t0 = t;
    } else {
      if (t < t0) return false;
      if (t < t1) t1 = t;
    }
  }
  return t0 < t1;
}

const GAP = 4;

function candidates(l: LabelRequest, bounds: Box, step: number): { box: Box; anchor: PlacedLabel["anchor"] }[] {
  const right = l.cx + l.r + GAP;
  const left = l.cx - l.r - GAP - l.width;
  const mid = l.cx - l.width / 2;
  const beside = l.cy - l.height / 2;
  const above = l.cy - l.r - GAP - l.height;
  const below = l.cy + l.r + GAP;
  const out: { box: Box; anchor: PlacedLabel["anchor"] }[] = [];
  // every box slides sideways into the plot when it can (a wide label near an edge); covering its own dot then costs
  const inside = (x: number) => Math.max(bounds.x, Math.min(bounds.x + bounds.width - l.width, x));
  const add = (x: number, y: number, anchor: PlacedLabel["anchor"]) =>
    out.push({ box: { x: inside(x), y, width: l.width, height: l.height }, anchor });
  add(right, beside, "start");
  add(left, beside, "end");
  add(mid, above, "middle");
  add(mid, below, "middle");
  for (let k = 1; k * step <= bounds.height; k++) {
    for (const dy of [-k * step, k * step]) {
      add(right, beside + dy, "start");
      add(left, beside + dy, "end");
    }
    add(mid, above - k * step, "middle");
    add(mid, below + k * step, "middle");
  }
  return out;
}

/**
 * Places the labels in order inside `bounds`, avoiding each other, every dot, the `fixed` boxes and the `lines`.
 * Returns one placement per request, in the same order.
 */
export function placeLabels(
  labels: readonly LabelRequest[],
  bounds: Box,
  options: { fixed?: readonly Box[]; lines?: readonly Segment[]; step?: number } = {},
): PlacedLabel[] {
  const step = options.step ?? 4;
  const dots: Box[] = labels.map((l) => ({ x: l.cx - l.r, y: l.cy - l.r, width: 2 * l.r, height: 2 * l.r }));
  const placed: Box[] = [];
  const lines = options.lines ?? [];
  const fixed = options.fixed ?? [];
  const outside = (b: Box) =>
    Math.max(0, bounds.x - b.x) +
    Math.max(0, b.x + b.width - (bounds.x + bounds.width)) +
    Math.max(0, bounds.y - b.y) +
    Math.max(0, b.y + b.height - (bounds.y + bounds.height));
  return labels.map((l) => {
    let best: { box: Box; anchor: PlacedLabel["anchor"] } | null = null;
    let bestCost = Infinity;
    for (const c of candidates(l, bounds, step)) {
      // another label overlapping weighs most, then leaving the plot, then covering dots, text or the line
      const cost =
        1e6 * placed.reduce((s, p) => s + overlapArea(c.box, p), 0) +
        1e4 * outside(c.box) +
        100 * dots.reduce((s, d) => s + overlapArea(c.box, d), 0) +
        100 * fixed.reduce((s, f) => s + overlapArea(c.box, f), 0) +
        1e3 * lines.filter((s) => segmentHitsBox(s, c.box)).length;
      if (cost < bestCost) {
        best = c;
        bestCost = cost;
        if (cost === 0) break;
      }
    }
    const { box, anchor } = best as { box: Box; anchor: PlacedLabel["anchor"] };
    placed.push(box);
    const x = anchor === "start" ? box.x : anchor === "end" ? box.x + box.width : box.x + box.width / 2;
    const nearest = Math.hypot(
      Math.max(box.x - l.cx, 0, l.cx - (box.x + box.width)),
      Math.max(box.y - l.cy, 0, l.cy - (box.y + box.height)),
    );
    return { box, anchor, x, moved: nearest > l.r + GAP + 8 };
  });
}
