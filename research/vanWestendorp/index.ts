/** Public API of the Van Westendorp engine (see analyse.ts). */
export { analyseVanWestendorp, analyseVanWestendorpColumns } from "./analyse.ts";
export { shareNotTooExpensive } from "./curves.ts";
export { acceptableRange } from "./pricePoints.ts";
export { compareSegments, formatPrice } from "./compare.ts";
export { DEFAULT_CALIBRATION } from "./nms.ts";
export { readVanWestendorpCsv } from "./cli.ts";
export type * from "./types.ts";
