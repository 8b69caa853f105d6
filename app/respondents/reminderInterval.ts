/** The reminder intervals a researcher can choose (shared by the page and the server). */
import { z } from "zod";

export const REMINDER_INTERVALS_DAYS = [1, 3, 7, 14] as const;
export const DEFAULT_REMINDER_INTERVAL_DAYS = 3;

/** At most one reminder per respondent per this many days; anything else falls back to the default. */
export const reminderIntervalSchema = z.coerce
  .number()
  .int()
  .refine((d) => (REMINDER_INTERVALS_DAYS as readonly number[]).includes(d), "Choose one of the offered intervals.")
  .catch(DEFAULT_REMINDER_INTERVAL_DAYS);
