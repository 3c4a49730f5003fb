import type { CommandDeclaration, OptionDeclaration } from "./declaration.ts";

const WIDTH = 100;
const HELP_FLAG = "-h, --help";

function visibleOptions(declaration: CommandDeclaration): [string, OptionDeclaration][] {
  return Object.entries(declaration.options).filter(([, option]) => !option.hidden);
}

/** `--records N`, `--json`, `-e, --emulator CMD`: how an option is written. */
export function optionSyntax(name: string, option: OptionDeclaration): string {
  const flag = option.short ? `-${option.short}, --${name}` : `--${name}`;
  return option.type === "boolean" ? flag : `${flag} ${option.value ?? "VALUE"}`;
}

/** The option's help with its default and repeatability, as one sentence. */
export function optionText(option: OptionDeclaration): string {
  const notes: string[] = [];
  const fallback = option.defaultText ?? (typeof option.default === "string" ? option.default : undefined);
  if (fallback !== undefined) notes.push(`default: ${fallback}`);
  if (option.multiple) notes.push("may be given more than once");
  return notes.length === 0 ? option.help : `${option.help} (${notes.join("; ")})`;
}

export function usageLine(declaration: CommandDeclaration): string {
  const { positional } = declaration;
  const name = positional?.variadic ? `${positional.name}...` : positional?.name;
  const operand = positional ? (positional.required ? ` ${name}` : ` [${name}]`) : "";
  const options = visibleOptions(declaration).length > 0 ? " [options]" : "";
  return `pinpipe ${declaration.name}${operand}${options}`;
}

function wrap(text: string, indent: number, width = WIDTH): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line !== "" && indent + line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  if (line !== "") lines.push(line);
  return lines;
}

function columns(rows: [string, string][]): string[] {
  const left = Math.min(Math.max(...rows.map(([term]) => term.length)) + 2, 34);
  return rows.flatMap(([term, text]) => {
    const [first = "", ...rest] = wrap(text, left + 2);
    const head =
      term.length + 2 <= left ? `  ${term.padEnd(left)}${first}` : `  ${term}\n${" ".repeat(left + 2)}${first}`;
    return [head, ...rest.map((line) => `${" ".repeat(left + 2)}${line}`)];
  });
}

/** What `pinpipe <command> --help` and `pinpipe help <command>` print. */
export function commandHelp(declaration: CommandDeclaration): string {
  const parts = [`${declaration.summary}`, "", `Usage: ${usageLine(declaration)}`];
  if (declaration.details) parts.push("", ...wrap(declaration.details, 0));
  const rows: [string, string][] = [];
  if (declaration.positional) rows.push([declaration.positional.name, declaration.positional.help]);
  for (const [name, option] of visibleOptions(declaration)) rows.push([optionSyntax(name, option), optionText(option)]);
  rows.push([HELP_FLAG, "print this help"]);
  parts.push("", "Options:", ...columns(rows));
  return `${parts.join("\n")}\n`;
}

/** What `pinpipe help` prints: every command, one line each. */
export function overviewHelp(declarations: readonly CommandDeclaration[]): string {
  const rows = declarations.map((d): [string, string] => [usageLine(d).replace(/^pinpipe /, ""), d.summary]);
  return (
    "pinpipe: the Pinterest streaming pipeline on one machine\n\n" +
    "Usage: pinpipe <command> [options]\n\nCommands:\n" +
    `${columns(rows).join("\n")}\n\n` +
    "`pinpipe <command> --help` (or `pinpipe help <command>`) lists a command's options.\n"
  );
}

function cell(text: string): string {
  return text.replaceAll("|", "\\|");
}

/** The README's command reference, made from the same declarations (a spec keeps the README equal to it). */
export function markdownReference(declarations: readonly CommandDeclaration[]): string {
  const lines = ["| command | what it does |", "|---|---|"];
  for (const d of declarations) lines.push(`| \`${cell(usageLine(d))}\` | ${cell(d.summary)} |`);
  for (const d of declarations) {
    const options = visibleOptions(d);
    if (options.length === 0 && !d.positional) continue;
    lines.push("", `**\`pinpipe ${d.name}\`**`, "", "| option | what it does |", "|---|---|");
    if (d.positional) lines.push(`| \`${cell(d.positional.name)}\` | ${cell(d.positional.help)} |`);
    for (const [name, option] of options)
      lines.push(`| \`${cell(optionSyntax(name, option))}\` | ${cell(optionText(option))} |`);
  }
  return `${lines.join("\n")}\n`;
}
