import { useEffect, useState, type MouseEvent } from "react";

function serialise(svgId: string): string | null {
  const svg = document.getElementById(svgId);
  if (!svg) return null;
  const copy = svg.cloneNode(true) as SVGSVGElement;
  copy.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(copy)}`;
}

function save(blob: Blob, filename: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * "Download SVG" and "Download PNG" for one chart. With JavaScript the SVG on screen is serialised
 * (and drawn onto a canvas at 2× for the PNG); without it the SVG link downloads the server's rendering.
 */
export function ChartDownloads({ svgId, name, href }: { svgId: string; name: string; href?: string }) {
  const [js, setJs] = useState(false);
  useEffect(() => setJs(true), []);
  if (!href && !js) return null;
  const svgClick = (e: MouseEvent) => {
    const text = serialise(svgId);
    if (!text) return; // fall back to the server's SVG
    e.preventDefault();
    save(new Blob([text], { type: "image/svg+xml" }), `${name}.svg`);
  };
  const pngClick = () => {
    const svg = document.getElementById(svgId);
    const text = serialise(svgId);
    if (!svg || !text) return;
    const w = Number(svg.getAttribute("width")) || svg.clientWidth;
    const h = Number(svg.getAttribute("height")) || svg.clientHeight;
    const img = new Image();
    img.onload = () => {
      const canvas = document.createElement("canvas");
      canvas.width = w * 2;
      canvas.height = h * 2;
      const ctx = canvas.getContext("2d");
      if (!ctx) return;
      ctx.fillStyle = "#fff";
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.scale(2, 2);
      ctx.drawImage(img, 0, 0, w, h);
      canvas.toBlob((blob) => blob && save(blob, `${name}.png`), "image/png");
    };
    img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}`;
  };
  return (
    <p className="chart-downloads">
      <a href={href ?? "#"} download={`${name}.svg`} onClick={svgClick} data-chart-download="svg">
        Download SVG
      </a>
      {js ? (
        <button type="button" className="link-button" onClick={pngClick} data-chart-download="png">
          Download PNG
        </button>
      ) : null}
    </p>
  );
}
