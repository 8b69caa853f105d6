/**
 * Bad input to an analysis: a one-line, user-facing reason, optionally naming the
 * (1-based, header = line 1) line of the input file. The CLI prints it and exits 2;
 * the app shows it next to the field or CSV line.
 */
export class InputError extends Error {
  readonly line: number | undefined;
  constructor(message: string, line?: number) {
    super(line === undefined ? message : `line ${line}: ${message}`);
    this.name = "InputError";
    this.line = line;
  }
}
