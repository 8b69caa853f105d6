/**
 * `npm run --silent research -- <method> <file> [options] [--json]`
 * The contract (docs/research-cli.md): JSON only on stdout with --json; bad input is one
 * line on stderr and exit code 2, never a stack trace.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { MethodCommand } from "./cliTypes.ts";
import { InputError } from "./inputError.ts";

const methods: Record<string, () => Promise<{ command: MethodCommand }>> = {
  "van-westendorp": () => import("./vanWestendorp/cli.ts"),
  maxdiff: () => import("./maxdiff/cli.ts"),
  "concept-test": () => import("./conceptTest/cli.ts"),
  study: () => import("./studyCli.ts"),
  "value-scorecard": () => import("./scorecard/cli.ts"),
  "gabor-granger": () => import("./gaborGranger/cli.ts"),
  rake: () => import("./weighting/cli.ts"),
  "price-book": () => import("./priceBook/cli.ts"),
};

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(
  argv: string[],
  readFile: (path: string) => string = (p) => readFileSync(p, "utf8"),
): Promise<CliResult> {
  const fail = (code: number, message: string): CliResult => ({
    code,
    stdout: "",
    stderr: `research: ${message.split("\n")[0]}\n`,
  });
  const [method, ...rest] = argv;
  const load = method ? methods[method] : undefined;
  if (!load) return fail(2, `usage: research <${Object.keys(methods).join("|")}> <file> [options] [--json]`);
  const { command } = await load();
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      strict: true,
      options: { ...command.options, json: { type: "boolean" } },
    });
  } catch (e) {
    return fail(2, `${(e as Error).message} (usage: research ${command.usage})`);
  }
  const [file, ...extra] = parsed.positionals;
  if (!file || extra.length > 0) return fail(2, `usage: research ${command.usage}`);
  let text: string;
  try {
    text = readFile(file);
  } catch (e) {
    return fail(2, `${file}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? "error"})`);
  }
  try {
    const { json, table } = await command.run(
      text,
      parsed.values as Record<string, string | boolean | undefined>,
      readFile,
    );
    return { code: 0, stdout: parsed.values.json ? `${JSON.stringify(json)}\n` : `${table.trimEnd()}\n`, stderr: "" };
  } catch (e) {
    if (e instanceof InputError) return fail(2, `${file}: ${e.message}`);
    return fail(1, `${file}: internal error: ${(e as Error).message}`);
  }
}

const isMain = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) {
  runCli(process.argv.slice(2)).then((r) => {
    if (r.stdout) process.stdout.write(r.stdout);
    if (r.stderr) process.stderr.write(r.stderr);
    process.exitCode = r.code;
  });
}
