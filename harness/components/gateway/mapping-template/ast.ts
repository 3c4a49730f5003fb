import type { VtlValue } from "./values.ts";

/** The parsed form of a template: what `compileTemplate` returns and `render` walks. */
export type TemplateNode =
  | { kind: "text"; text: string }
  | { kind: "reference"; ref: Reference }
  /** `\$ref`: an odd run of backslashes makes the reference literal text (when it is defined). */
  | { kind: "escapedReference"; ref: Reference; backslashes: number }
  | { kind: "set"; target: Reference; value: Expression }
  | { kind: "if"; branches: { condition: Expression; body: TemplateNode[] }[]; otherwise: TemplateNode[] | null }
  | { kind: "foreach"; variable: string; iterable: Expression; body: TemplateNode[] }
  | { kind: "break" }
  | { kind: "stop" };

export interface Reference {
  root: string;
  parts: ReferencePart[];
  /** `$!ref`: a null prints nothing (which is also what API Gateway prints for a plain `$ref`). */
  quiet: boolean;
  /** The reference as written, for the escaped form. */
  source: string;
}

export type ReferencePart =
  | { kind: "property"; name: string }
  | { kind: "method"; name: string; args: Expression[] }
  | { kind: "index"; key: Expression };

export type BinaryOperator = "||" | "&&" | "==" | "!=" | "<" | "<=" | ">" | ">=" | "+" | "-" | "*" | "/" | "%";

export type Expression =
  | { kind: "literal"; value: VtlValue }
  | { kind: "interpolated"; nodes: TemplateNode[] }
  | { kind: "reference"; ref: Reference }
  | { kind: "list"; items: Expression[] }
  | { kind: "map"; entries: [Expression, Expression][] }
  | { kind: "range"; from: Expression; to: Expression }
  | { kind: "not"; operand: Expression }
  | { kind: "binary"; operator: BinaryOperator; left: Expression; right: Expression };
