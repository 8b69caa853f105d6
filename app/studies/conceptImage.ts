/** Concept image rules shared by the builder's form and the server (app/studies/conceptImage.server.ts). */

export const MAX_IMAGE_BYTES = 2 * 1024 * 1024;
export const IMAGE_FIELD = "image";
export const REMOVE_IMAGE_FIELD = "removeImage";
export const IMAGE_ACCEPT = "image/png,image/jpeg,image/webp,image/gif";

export type ImageType = "image/png" | "image/jpeg" | "image/webp" | "image/gif";

const ascii = (bytes: Uint8Array, from: number, text: string) =>
  bytes.length >= from + text.length && [...text].every((c, i) => bytes[from + i] === c.charCodeAt(0));

/** The image type from the file's first bytes, or null when it is none of the four. */
export function sniffImageType(bytes: Uint8Array): ImageType | null {
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length >= 8 && png.every((b, i) => bytes[i] === b)) return "image/png";
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "image/jpeg";
  if (ascii(bytes, 0, "GIF87a") || ascii(bytes, 0, "GIF89a")) return "image/gif";
  if (ascii(bytes, 0, "RIFF") && ascii(bytes, 8, "WEBP")) return "image/webp";
  return null;
}

export const IMAGE_TOO_LARGE = `The image is larger than ${MAX_IMAGE_BYTES / 1024 / 1024} MB. Make it smaller and upload it again.`;
export const IMAGE_NOT_ALLOWED =
  "This file is not a PNG, JPEG, WebP or GIF image (whatever its name says). Choose one of those.";

/** Short version of an image for its URL, so a replaced image is never served from a cache. */
export const imageVersion = (sha256: string) => sha256.slice(0, 16);
