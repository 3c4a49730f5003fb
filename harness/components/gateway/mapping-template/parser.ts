import type { BinaryOperator, Expression, Reference, ReferencePart, TemplateNode } from "./ast.ts";
import { templateSyntaxError } from "./template-errors.ts";

/**
 * A parser for the VTL that API Gateway runs (Apache Velocity 1.7). It follows the 1.7 lexer where the lexer
 * decides the output bytes:
 * - `)` closing a directive, `#else` and `#end` take the spaces/tabs and one newline that follow them;
 * - `#set` also takes the spaces/tabs before it, but only where a new token starts there (after a directive, a
 *   reference, a comment or at the start): after plain text the indentation is text and stays;
 * - `##` takes the rest of its line with the newline, `#* *#` nothing around it;
 * - nothing takes the indentation before `#if`, `#foreach`, `#else`, `#end`.
 */

type Stop = { kind: "end" } | { kind: "else" } | { kind: "elseif"; condition: Expression } | { kind: "eof" };

const TRAILING_NEWLINE = /[ \t]*(?:\r\n|\n|\r)/y;
const SET_INDENT = /[ \t]+(?=#set *\(|#\{set\} *\()/y;
const DIRECTIVE_WORD = /\{([a-zA-Z_][a-zA-Z0-9_@]*)\}|([a-zA-Z_@][a-zA-Z0-9_@]*)/y;
const IDENTIFIER = /[a-zA-Z_][a-zA-Z0-9_-]*/y;
const UNSUPPORTED = new Set(["macro", "include", "parse", "evaluate", "define", "literal"]);

export function parseTemplate(source: string): TemplateNode[] {
  const parser = new Parser(source);
  const { nodes, stop } = parser.nodes(false);
  if (stop.kind !== "eof") throw parser.error(`#${stop.kind} without an open #if or #foreach`);
  return nodes;
}

class Parser {
  pos = 0;
  constructor(readonly src: string) {}

  error(message: string, at = this.pos): Error {
    return templateSyntaxError(message, this.src, at);
  }

  private sticky(re: RegExp): RegExpExecArray | null {
    re.lastIndex = this.pos;
    return re.exec(this.src);
  }

  private gobbleNewline(): void {
    const m = this.sticky(TRAILING_NEWLINE);
    if (m) this.pos += m[0].length;
  }

  /** Statements up to the end of input or, inside a block, up to its `#else`/`#elseif`/`#end`. */
  nodes(inBlock: boolean): { nodes: TemplateNode[]; stop: Stop } {
    const out: TemplateNode[] = [];
    const text = (t: string): void => {
      const last = out[out.length - 1];
      if (last?.kind === "text") last.text += t;
      else out.push({ kind: "text", text: t });
    };
    for (;;) {
      const indent = this.sticky(SET_INDENT);
      if (indent) this.pos += indent[0].length;
      if (this.pos >= this.src.length) return { nodes: out, stop: { kind: "eof" } };
      const c = this.src[this.pos];
      if (c === "$") {
        const ref = this.reference();
        if (ref) out.push({ kind: "reference", ref });
        else text(this.src[this.pos++] as string);
      } else if (c === "#") {
        const result = this.hash(out, text, inBlock);
        if (result) return { nodes: out, stop: result };
      } else if (c === "\\") {
        this.escape(out, text);
      } else {
        const start = this.pos;
        while (this.pos < this.src.length && !"$#\\".includes(this.src[this.pos] as string)) this.pos++;
        text(this.src.slice(start, this.pos));
      }
    }
  }

  private escape(out: TemplateNode[], text: (t: string) => void): void {
    const start = this.pos;
    while (this.src[this.pos] === "\\") this.pos++;
    const count = this.pos - start;
    if (this.src[this.pos] === "$") {
      const ref = this.reference();
      if (ref) {
        out.push({ kind: "escapedReference", ref, backslashes: count });
        return;
      }
    }
    if (this.src[this.pos] === "#") {
      DIRECTIVE_WORD.lastIndex = this.pos + 1;
      const m = DIRECTIVE_WORD.exec(this.src);
      const name = m?.[1] ?? m?.[2];
      if (m && name && ["if", "else", "elseif", "end", "set", "foreach", "break", "stop"].includes(name)) {
        // An escaped directive is text; an even run of backslashes only escapes itself.
        text("\\".repeat(Math.floor(count / 2)));
        if (count % 2 === 1) {
          text("#" + m[0]);
          this.pos += 1 + m[0].length;
        }
        return;
      }
    }
    text(this.src.slice(start, this.pos));
  }

  /** Handles a `#`: a comment, a directive, or the character itself. Returns a stop for block ends. */
  private hash(out: TemplateNode[], text: (t: string) => void, inBlock: boolean): Stop | null {
    const at = this.pos;
    const src = this.src;
    if (src.startsWith("##", at)) {
      const nl = /\r\n|\n|\r/g;
      nl.lastIndex = at;
      const m = nl.exec(src);
      this.pos = m ? m.index + m[0].length : src.length;
      return null;
    }
    if (src.startsWith("#*", at)) {
      const end = src.indexOf("*#", at + 2);
      if (end < 0) throw this.error("unclosed #* comment", at);
      this.pos = end + 2;
      return null;
    }
    if (src.startsWith("#[[", at)) {
      const end = src.indexOf("]]#", at + 3);
      if (end < 0) throw this.error("unclosed #[[ text block", at);
      text(src.slice(at + 3, end));
      this.pos = end + 3;
      return null;
    }
    DIRECTIVE_WORD.lastIndex = at + 1;
    const m = DIRECTIVE_WORD.exec(src);
    const name = m?.[1] ?? m?.[2];
    if (!m || !name) {
      text("#");
      this.pos++;
      return null;
    }
    this.pos = at + 1 + m[0].length;
    switch (name) {
      case "end":
      case "else":
        this.gobbleNewline();
        if (!inBlock) throw this.error(`#${name} without an open #if or #foreach`, at);
        return { kind: name };
      case "elseif": {
        if (!inBlock) throw this.error("#elseif without an open #if", at);
        const condition = this.directiveArgs(name, () => this.expression());
        return { kind: "elseif", condition };
      }
      case "if":
        out.push(this.ifStatement());
        return null;
      case "foreach":
        out.push(this.foreach());
        return null;
      case "set":
        if (!/^ *\(/.test(src.slice(this.pos, this.pos + 256))) break;
        out.push(this.setDirective());
        return null;
      case "break":
      case "stop":
        if (this.peekParen()) this.directiveArgs(name, () => this.optionalArgument());
        out.push({ kind: name });
        return null;
      default:
        if (UNSUPPORTED.has(name)) throw this.error(`#${name} is not supported in mapping templates`, at);
    }
    text(src.slice(at, this.pos));
    return null;
  }

  private peekParen(): boolean {
    let i = this.pos;
    while (/[ \t\r\n]/.test(this.src[i] ?? "")) i++;
    return this.src[i] === "(";
  }

  /** `( … )` after a directive name; the `)` takes the newline after it. */
  private directiveArgs<T>(name: string, inner: () => T): T {
    this.ws();
    if (this.src[this.pos] !== "(") throw this.error(`#${name} needs (`);
    this.pos++;
    const value = inner();
    this.ws();
    this.expect(")");
    this.gobbleNewline();
    return value;
  }

  private optionalArgument(): void {
    this.ws();
    if (this.src[this.pos] !== ")") this.primary();
  }

  private ifStatement(): TemplateNode {
    const branches: { condition: Expression; body: TemplateNode[] }[] = [];
    let condition = this.directiveArgs("if", () => this.expression());
    for (;;) {
      const { nodes, stop } = this.nodes(true);
      branches.push({ condition, body: nodes });
      if (stop.kind === "elseif") {
        condition = stop.condition;
        continue;
      }
      if (stop.kind === "end") return { kind: "if", branches, otherwise: null };
      if (stop.kind === "else") {
        const rest = this.nodes(true);
        if (rest.stop.kind !== "end") throw this.error("#if without #end");
        return { kind: "if", branches, otherwise: rest.nodes };
      }
      throw this.error("#if without #end");
    }
  }

  private foreach(): TemplateNode {
    const { variable, iterable } = this.directiveArgs("foreach", () => {
      this.ws();
      const ref = this.reference();
      if (!ref || ref.parts.length > 0) throw this.error("#foreach needs a $variable");
      this.ws();
      if (!this.src.startsWith("in", this.pos) || /[a-zA-Z0-9_]/.test(this.src[this.pos + 2] ?? "")) {
        throw this.error("#foreach needs `in`");
      }
      this.pos += 2;
      return { variable: ref.root, iterable: this.expression() };
    });
    const { nodes, stop } = this.nodes(true);
    if (stop.kind !== "end") throw this.error("#foreach without #end");
    return { kind: "foreach", variable, iterable, body: nodes };
  }

  private setDirective(): TemplateNode {
    return this.directiveArgs("set", () => {
      this.ws();
      const target = this.reference();
      if (!target || target.parts.some((p) => p.kind === "method")) throw this.error("#set needs a $reference");
      this.ws();
      if (this.src[this.pos] !== "=" || this.src[this.pos + 1] === "=") throw this.error("#set needs =");
      this.pos++;
      return { kind: "set" as const, target, value: this.expression() };
    });
  }

  private ws(): void {
    while (/[ \t\r\n]/.test(this.src[this.pos] ?? "")) this.pos++;
  }

  private expect(s: string): void {
    if (!this.src.startsWith(s, this.pos)) throw this.error(`expected ${s}`);
    this.pos += s.length;
  }

  /** `$name`, `$!name`, `${name}` with `.prop`, `.method(args)` and `[index]`; null when it is not one. */
  reference(): Reference | null {
    const start = this.pos;
    let i = start + 1;
    const quiet = this.src[i] === "!";
    if (quiet) i++;
    const braced = this.src[i] === "{";
    if (braced) i++;
    IDENTIFIER.lastIndex = i;
    const id = IDENTIFIER.exec(this.src);
    if (!id) return null;
    this.pos = i + id[0].length;
    const parts: ReferencePart[] = [];
    for (;;) {
      if (this.src[this.pos] === "[") {
        const save = this.pos;
        try {
          this.pos++;
          this.ws();
          const key = this.primary();
          this.ws();
          this.expect("]");
          parts.push({ kind: "index", key });
          continue;
        } catch {
          this.pos = save;
          break;
        }
      }
      if (this.src[this.pos] === "." && /[a-zA-Z]/.test(this.src[this.pos + 1] ?? "")) {
        IDENTIFIER.lastIndex = this.pos + 1;
        const name = (IDENTIFIER.exec(this.src) as RegExpExecArray)[0];
        this.pos += 1 + name.length;
        if (this.src[this.pos] === "(") {
          this.pos++;
          parts.push({ kind: "method", name, args: this.arguments() });
        } else parts.push({ kind: "property", name });
        continue;
      }
      break;
    }
    if (braced) {
      if (this.src[this.pos] !== "}") {
        this.pos = start;
        return null;
      }
      this.pos++;
    }
    return { root: id[0], parts, quiet, source: this.src.slice(start, this.pos) };
  }

  private arguments(): Expression[] {
    const args: Expression[] = [];
    this.ws();
    if (this.src[this.pos] === ")") {
      this.pos++;
      return args;
    }
    for (;;) {
      this.ws();
      args.push(this.primary());
      this.ws();
      if (this.src[this.pos] === ",") {
        this.pos++;
        continue;
      }
      this.expect(")");
      return args;
    }
  }

  expression(): Expression {
    return this.binary(0);
  }

  private static readonly LEVELS: [string, BinaryOperator][][] = [
    [
      ["||", "||"],
      ["or", "||"],
    ],
    [
      ["&&", "&&"],
      ["and", "&&"],
    ],
    [
      ["==", "=="],
      ["eq", "=="],
      ["!=", "!="],
      ["ne", "!="],
    ],
    [
      ["<=", "<="],
      ["le", "<="],
      [">=", ">="],
      ["ge", ">="],
      ["<", "<"],
      ["lt", "<"],
      [">", ">"],
      ["gt", ">"],
    ],
    [
      ["+", "+"],
      ["-", "-"],
    ],
    [
      ["*", "*"],
      ["/", "/"],
      ["%", "%"],
    ],
  ];

  private binary(level: number): Expression {
    if (level >= Parser.LEVELS.length) return this.unary();
    let left = this.binary(level + 1);
    for (;;) {
      this.ws();
      const op = this.operatorAt(Parser.LEVELS[level] as [string, BinaryOperator][]);
      if (!op) return left;
      this.pos += op[0].length;
      const right = this.binary(level + 1);
      left = { kind: "binary", operator: op[1], left, right };
    }
  }

  private operatorAt(ops: [string, BinaryOperator][]): [string, BinaryOperator] | undefined {
    return ops.find(([text]) => {
      if (!this.src.startsWith(text, this.pos)) return false;
      // Word operators are words: `order` is not `or`.
      if (/^[a-z]/.test(text) && /[a-zA-Z0-9_]/.test(this.src[this.pos + text.length] ?? "")) return false;
      if (text === "!" || text === "=") return false;
      return true;
    });
  }

  private unary(): Expression {
    this.ws();
    if (this.src[this.pos] === "!" && this.src[this.pos + 1] !== "=") {
      this.pos++;
      return { kind: "not", operand: this.unary() };
    }
    if (this.src.startsWith("not", this.pos) && !/[a-zA-Z0-9_]/.test(this.src[this.pos + 3] ?? "")) {
      this.pos += 3;
      return { kind: "not", operand: this.unary() };
    }
    return this.primary();
  }

  /** A literal, a reference, a list/map/range or a parenthesised expression (all a method argument may be). */
  primary(): Expression {
    this.ws();
    const src = this.src;
    const c = src[this.pos];
    if (c === '"' || c === "'") return this.stringLiteral(c);
    const num = /-?\d+(\.\d*)?([eE][+-]?\d+)?|-?\.\d+([eE][+-]?\d+)?/y;
    num.lastIndex = this.pos;
    const n = num.exec(src);
    if (n && !src.startsWith("..", this.pos + n[0].length - 1)) {
      this.pos += n[0].length;
      return { kind: "literal", value: /[.eE]/.test(n[0]) ? Number(n[0]) : BigInt(n[0]) };
    }
    const int = /-?\d+/y;
    int.lastIndex = this.pos;
    const i = int.exec(src);
    if (i) {
      this.pos += i[0].length;
      return { kind: "literal", value: BigInt(i[0]) };
    }
    if (c === "$") {
      const ref = this.reference();
      if (!ref) throw this.error("expected a reference after $");
      return { kind: "reference", ref };
    }
    if (c === "[") return this.listOrRange();
    if (c === "{") return this.mapLiteral();
    if (c === "(") {
      this.pos++;
      const inner = this.expression();
      this.ws();
      this.expect(")");
      return inner;
    }
    for (const word of ["true", "false"]) {
      if (src.startsWith(word, this.pos) && !/[a-zA-Z0-9_]/.test(src[this.pos + word.length] ?? "")) {
        this.pos += word.length;
        return { kind: "literal", value: word === "true" };
      }
    }
    throw this.error(c === undefined ? "unexpected end of template" : `unexpected ${c}`);
  }

  private listOrRange(): Expression {
    this.pos++;
    this.ws();
    if (this.src[this.pos] === "]") {
      this.pos++;
      return { kind: "list", items: [] };
    }
    const first = this.primary();
    this.ws();
    if (this.src.startsWith("..", this.pos)) {
      this.pos += 2;
      const to = this.primary();
      this.ws();
      this.expect("]");
      return { kind: "range", from: first, to };
    }
    const items = [first];
    for (;;) {
      this.ws();
      if (this.src[this.pos] === ",") {
        this.pos++;
        items.push(this.primary());
        continue;
      }
      this.expect("]");
      return { kind: "list", items };
    }
  }

  private mapLiteral(): Expression {
    this.pos++;
    const entries: [Expression, Expression][] = [];
    this.ws();
    if (this.src[this.pos] === "}") {
      this.pos++;
      return { kind: "map", entries };
    }
    for (;;) {
      const key = this.primary();
      this.ws();
      this.expect(":");
      const value = this.primary();
      entries.push([key, value]);
      this.ws();
      if (this.src[this.pos] === ",") {
        this.pos++;
        continue;
      }
      this.expect("}");
      return { kind: "map", entries };
    }
  }

  /**
   * Velocity's string literals: a doubled quote stands for the quote, `\uXXXX` for its character, other backslashes
   * are themselves. Double-quoted ones holding `$` or `#` are templates of their own, rendered where used.
   */
  private stringLiteral(quote: string): Expression {
    const start = this.pos;
    let i = this.pos + 1;
    let raw = "";
    for (;;) {
      if (i >= this.src.length) throw this.error("unclosed string literal", start);
      const ch = this.src[i] as string;
      if (ch === quote) {
        if (this.src[i + 1] === quote) {
          raw += quote;
          i += 2;
          continue;
        }
        break;
      }
      raw += ch;
      i++;
    }
    this.pos = i + 1;
    const text = raw.replace(/\\u([0-9a-fA-F]{4})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    if (quote === '"' && /[$#]/.test(text)) {
      const inner = new Parser(text);
      const { nodes, stop } = inner.nodes(false);
      if (stop.kind !== "eof") throw this.error("unbalanced directive in string literal", start);
      return { kind: "interpolated", nodes };
    }
    return { kind: "literal", value: text };
  }
}
