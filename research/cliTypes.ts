/** What each research method contributes to the CLI (research/cli.ts). */
export type CliOptionSpec = Record<string, { type: "string" | "boolean"; short?: string }>;
export type CliOptionValues = Record<string, string | boolean | undefined>;

export interface MethodCommand {
  /** One-line usage shown on a usage error, e.g. "maxdiff <file.csv> [--hb] [--json]". */
  usage: string;
  /** Options besides --json (parsed with node:util parseArgs, strict). */
  options: CliOptionSpec;
  /**
   * Analyse the file's text. Throw InputError for bad input (exit 2).
   * `json` is printed with --json; `table` (readable text) without it. `readFile` reads a further
   * file named in an option (e.g. rake's --targets).
   */
  run(
    text: string,
    options: CliOptionValues,
    readFile?: (path: string) => string,
  ): Promise<{ json: unknown; table: string }> | { json: unknown; table: string };
}
