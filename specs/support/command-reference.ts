import { COMMAND_DECLARATIONS } from "../../harness/cli.ts";
import { markdownReference } from "../../harness/commands/help.ts";

export const REFERENCE_START = "<!-- command reference: made from the command declarations by `npm run docs` -->";
export const REFERENCE_END = "<!-- end of command reference -->";

/** The README with its command reference block replaced by the one the declarations give. */
export function withCommandReference(readme: string): string {
  const start = readme.indexOf(REFERENCE_START);
  const end = readme.indexOf(REFERENCE_END);
  if (start === -1 || end < start) throw new Error(`README.md lacks the markers ${REFERENCE_START} … ${REFERENCE_END}`);
  const block = `${REFERENCE_START}\n\n${markdownReference(COMMAND_DECLARATIONS)}\n`;
  return readme.slice(0, start) + block + readme.slice(end);
}
