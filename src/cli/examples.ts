// The examples at the end of each command's --help, kept as data so that a test can run them:
// an example that states its output is run and its standard output compared (test/cli-docs.test.ts).

export interface Example {
  /** The command line, starting with `hotloop`. */
  command: string;
  /** What it does, shown after `#`. */
  comment: string;
  /** Its exact standard output, when the example is cheap to run and check. */
  output?: string;
}

/** The help text's "Examples:" section. */
export function examplesHelp(examples: readonly Example[]): string {
  const width = Math.max(...examples.map((example) => example.command.length));
  return `\nExamples:\n${examples.map((example) => `  ${example.command.padEnd(width)}  # ${example.comment}`).join('\n')}`;
}
