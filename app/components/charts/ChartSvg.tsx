import type { ReactNode } from "react";

/**
 * The frame every chart draws in: 1 SVG unit = 1 CSS px (width × height), a title and description for screen
 * readers (`<id>-t`, `<id>-d`), a white background (so a downloaded SVG/PNG reads on any viewer), and the id
 * `<id>-svg` the download buttons look for (ChartDownloads.tsx).
 */
export function ChartSvg({
  id,
  width,
  height,
  title,
  desc,
  className = "chart-svg",
  children,
}: {
  id: string;
  width: number;
  height: number;
  title: string;
  desc: ReactNode;
  className?: string;
  children: ReactNode;
}) {
  return (
    <svg
      id={`${id}-svg`}
      xmlns="http://www.w3.org/2000/svg"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-labelledby={`${id}-t ${id}-d`}
      className={className}
      fontFamily="system-ui, sans-serif"
    >
      <title id={`${id}-t`}>{title}</title>
      <desc id={`${id}-d`}>{desc}</desc>
      <rect width={width} height={height} fill="#fff" />
      {children}
    </svg>
  );
}
