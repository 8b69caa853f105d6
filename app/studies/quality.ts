/**
 * The study's respondent-quality gate and attention check as stored on Study (JSON text), and the
 * builder form's schema. Pre-registered like the decision rules: locked at launch
 * (app/studies/lock.server.ts, part "quality"). The flags themselves are computed in one place,
 * research/quality/gate.ts, shared with the research CLI. No server-only imports.
 */
import { z } from "zod";
import { QUALITY_FLAG_LABELS } from "../../research/quality/gate.ts";
import { QUALITY_FLAGS, type QualitySettings, qualitySettingsSchema } from "../../research/studyExport.ts";

export { QUALITY_FLAG_LABELS, QUALITY_FLAGS };

export const DEFAULT_SPEEDER_SHARE = 1 / 3;

/** The stored gate; anything unreadable counts as the default (flags shown, nothing excluded). */
export function parseQualityGate(text: string | null | undefined): QualitySettings {
  try {
    const parsed = qualitySettingsSchema.safeParse(JSON.parse(text || "{}"));
    if (parsed.success) return parsed.data;
  } catch {
    /* default */
  }
  return qualitySettingsSchema.parse({});
}

export interface AttentionCheck {
  question: string;
  /** the answers in the default language: what the survey posts and stores, and what `answer` is one of */
  options: string[];
  answer: string;
  /** the answers as shown in a survey language (app/studies/translations.server.ts); absent = `options` */
  labels?: string[];
}

export const MAX_ATTENTION_OPTIONS = 7;

const attentionSchema = z.object({
  question: z.string().trim().min(1).max(500),
  options: z.array(z.string().trim().min(1).max(120)).min(2).max(MAX_ATTENTION_OPTIONS),
  answer: z.string().trim().min(1),
});

/** The stored attention check, or null when the study has none. */
export function parseAttentionCheck(text: string | null | undefined): AttentionCheck | null {
  if (!text) return null;
  try {
    const parsed = attentionSchema.safeParse(JSON.parse(text));
    return parsed.success && parsed.data.options.includes(parsed.data.answer) ? parsed.data : null;
  } catch {
    return null;
  }
}

/** An example a researcher can start from (an instructed-response item). */
export const ATTENTION_EXAMPLE: AttentionCheck = {
  question: "To show you're reading carefully, please choose “Somewhat disagree” below.",
  options: ["Strongly disagree", "Somewhat disagree", "Neither agree nor disagree", "Somewhat agree", "Strongly agree"],
  answer: "Somewhat disagree",
};

/** The builder's form: which flags exclude, the speeder share (percent), and the optional attention check. */
export const qualityFormSchema = z
  .object({
    exclude: z.array(z.enum(QUALITY_FLAGS)).default([]),
    speederPercent: z.coerce
      .number({ invalid_type_error: "Enter a percentage between 5 and 90." })
      .min(5, "Enter a percentage between 5 and 90.")
      .max(90, "Enter a percentage between 5 and 90."),
    attentionOn: z.boolean(),
    attentionQuestion: z.string().trim().max(500, "Keep the question under 500 characters."),
    attentionOptions: z.string(),
    attentionAnswer: z.string().trim(),
  })
  .superRefine((v, ctx) => {
    if (!v.attentionOn) return;
    if (!v.attentionQuestion)
      ctx.addIssue({ code: "custom", path: ["attentionQuestion"], message: "Write the instruction question." });
    const options = optionLines(v.attentionOptions);
    if (options.length < 2 || options.length > MAX_ATTENTION_OPTIONS)
      ctx.addIssue({
        code: "custom",
        path: ["attentionOptions"],
        message: `Write between 2 and ${MAX_ATTENTION_OPTIONS} answers, one per line.`,
      });
    else if (options.some((o) => o.length > 120))
      ctx.addIssue({ code: "custom", path: ["attentionOptions"], message: "Keep each answer under 120 characters." });
    if (!options.includes(v.attentionAnswer))
      ctx.addIssue({
        code: "custom",
        path: ["attentionAnswer"],
        message: "The correct answer must be one of the answers above, written the same way.",
      });
  });

export function optionLines(text: string): string[] {
  return [...new Set(text.split(/\r?\n/).map((l) => l.trim()))].filter(Boolean);
}

/** The form's values as stored JSON text for Study.qualityGate and Study.attentionCheck. */
export function storedQuality(v: z.infer<typeof qualityFormSchema>): { qualityGate: string; attentionCheck: string } {
  const gate: QualitySettings = { exclude: [...new Set(v.exclude)], speederShare: v.speederPercent / 100 };
  const check: AttentionCheck | null = v.attentionOn
    ? { question: v.attentionQuestion, options: optionLines(v.attentionOptions), answer: v.attentionAnswer }
    : null;
  return { qualityGate: JSON.stringify(gate), attentionCheck: check ? JSON.stringify(check) : "" };
}
