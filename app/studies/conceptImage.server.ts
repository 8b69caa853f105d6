/**
 * Concept images uploaded by researchers and served by the app itself (no hot-linked third-party
 * URLs, nothing the CSP has to allow). Only PNG, JPEG, WebP and GIF are accepted, recognised by
 * their first bytes (magic numbers), never by the file name or the browser's content type, so an
 * SVG or HTML file named `.png` is refused. At most MAX_IMAGE_BYTES; the whole request is already
 * bounded while it streams in (MAX_BODY_BYTES, app/security/body.server.ts) and the upload part
 * by the multipart parser's part limit. Stored in the database (ConceptImage), so every app
 * process can serve them: docs/decisions/concept-images-in-the-database.md.
 */
import { createHash } from "node:crypto";
import {
  data,
  MaxPartSizeExceededError,
  type UploadHandler,
  unstable_composeUploadHandlers,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";
import { db } from "../db.server.ts";
import {
  IMAGE_FIELD,
  IMAGE_NOT_ALLOWED,
  IMAGE_TOO_LARGE,
  type ImageType,
  MAX_IMAGE_BYTES,
  sniffImageType,
} from "./conceptImage.ts";

export * from "./conceptImage.ts";

/**
 * The builder's form, multipart or not. An image part is kept in memory up to MAX_IMAGE_BYTES;
 * a bigger one is read to its end and dropped (the request as a whole stays within
 * MAX_BODY_BYTES while it streams), and `oversized` says so, so the rest of the form survives
 * and the error can sit next to the image field.
 */
export async function readBuilderForm(request: Request): Promise<{ formData: FormData; oversized: boolean }> {
  if (!(request.headers.get("content-type") ?? "").startsWith("multipart/form-data"))
    return { formData: await request.formData(), oversized: false };
  let oversized = false;
  const images: UploadHandler = async ({ name, filename, contentType, data }) => {
    if (filename === undefined) return undefined; // a text field: the memory handler below
    const chunks: Uint8Array<ArrayBuffer>[] = [];
    let size = 0;
    for await (const chunk of data) {
      size += chunk.byteLength;
      if (size <= MAX_IMAGE_BYTES) chunks.push(new Uint8Array(chunk));
    }
    if (size > MAX_IMAGE_BYTES) {
      if (name === IMAGE_FIELD) oversized = true;
      return undefined;
    }
    return new File(chunks, filename, { type: contentType });
  };
  try {
    const formData = await unstable_parseMultipartFormData(
      request,
      unstable_composeUploadHandlers(images, unstable_createMemoryUploadHandler({ maxPartSize: 64 * 1024 })),
    );
    return { formData, oversized };
  } catch (e) {
    if (e instanceof MaxPartSizeExceededError)
      throw data({ message: "A text field of this form is too long (over 64 KB)." }, { status: 413 });
    throw e;
  }
}

export type CheckedImage = { contentType: ImageType; data: Uint8Array<ArrayBuffer>; sha256: string };

/** The uploaded image of a concept form: none chosen, a checked image, or the error for the field. */
export async function checkedImage(
  formData: FormData,
  oversized = false,
): Promise<{ image: CheckedImage | null; error?: undefined } | { image?: undefined; error: string }> {
  if (oversized) return { error: IMAGE_TOO_LARGE };
  const file = formData.get(IMAGE_FIELD);
  if (!file || typeof file === "string" || file.size === 0) return { image: null };
  if (file.size > MAX_IMAGE_BYTES) return { error: IMAGE_TOO_LARGE };
  const data = new Uint8Array(await file.arrayBuffer());
  const contentType = sniffImageType(data);
  if (!contentType) return { error: IMAGE_NOT_ALLOWED };
  return { image: { contentType, data, sha256: createHash("sha256").update(data).digest("hex") } };
}

/** Stores (or replaces) the concept's image; the concept must belong to the study. */
export async function storeConceptImage(studyId: string, conceptId: string, image: CheckedImage) {
  const concept = await db.concept.findFirst({ where: { id: conceptId, studyId }, select: { id: true } });
  if (!concept) return false;
  const fields = {
    contentType: image.contentType,
    data: image.data,
    size: image.data.byteLength,
    sha256: image.sha256,
  };
  await db.conceptImage.upsert({
    where: { conceptId },
    create: { conceptId, ...fields },
    update: { ...fields, createdAt: new Date() },
  });
  return true;
}

export async function removeConceptImage(studyId: string, conceptId: string) {
  await db.conceptImage.deleteMany({ where: { conceptId, concept: { studyId } } });
}

/** The image of a concept of this study, or null. */
export function conceptImageOf(studyId: string, conceptId: string) {
  return db.conceptImage.findFirst({
    where: { conceptId, concept: { studyId } },
    select: { contentType: true, data: true, sha256: true },
  });
}

/**
 * The image as a response: its sniffed type and the given caching. `X-Content-Type-Options:
 * nosniff` and the CSP come with every response (app/security/http.server.ts).
 */
export function imageResponse(image: { contentType: string; data: Uint8Array }, cacheControl: string): Response {
  return new Response(Buffer.from(image.data), {
    headers: {
      "Content-Type": image.contentType,
      "Content-Length": String(image.data.byteLength),
      "Cache-Control": cacheControl,
    },
  });
}

export const imageNotFound = () =>
  new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
