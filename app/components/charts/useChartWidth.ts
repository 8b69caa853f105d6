import { useEffect, useRef, useState } from "react";

/** Widest a chart is drawn (CSS px); the server renders at this width. */
export const CHART_MAX_WIDTH = 720;
/**
 * Until JavaScript measures the container (and without JavaScript), each chart is also drawn at this phone width
 * (fits a 320 px viewport's card); CSS (results.css) shows that copy on narrow screens, so its 12 px text is not
 * scaled down.
 */
export const CHART_PHONE_WIDTH = 280;

/**
 * The width (CSS px) of the chart's container, so a chart can lay itself out for that width and draw
 * its SVG at 1 user unit = 1 CSS px: text keeps its 12 px at any width instead of being scaled down.
 * Server render (and no JavaScript): `measured` is false; charts draw a CHART_MAX_WIDTH and a CHART_PHONE_WIDTH copy.
 */
export function useChartWidth<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState<number | null>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setWidth(Math.max(240, Math.min(CHART_MAX_WIDTH, Math.floor(el.clientWidth))));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return { ref, width: width ?? CHART_MAX_WIDTH, measured: width !== null };
}
