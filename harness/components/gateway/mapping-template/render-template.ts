import type { Expression, Reference, TemplateNode } from "./ast.ts";
import { callMethod, getIndex, getProperty, JavaMethodError } from "./java-methods.ts";
import { arithmetic, compare } from "./operators.ts";
import { templateRenderError } from "./template-errors.ts";
import { isNumber, javaString, truthy, type HostObject, type VtlValue } from "./values.ts";

/** API Gateway stops a `#foreach` after this many iterations (a documented quota); the rest of the template runs. */
export const FOREACH_LIMIT = 1000;

class StopRendering {}
class BreakLoop {}

/** The one context a Velocity template has: `#set` and `#foreach` write into it. */
export type Variables = Map<string, VtlValue>;

/** Renders parsed nodes; Java exceptions and unusable input become the gateway's "unable to transform" error. */
export function renderNodes(nodes: TemplateNode[], variables: Variables): string {
  const out: string[] = [];
  try {
    new Renderer(variables).nodes(nodes, out);
  } catch (error) {
    if (error instanceof StopRendering || error instanceof BreakLoop) return out.join("");
    if (error instanceof JavaMethodError) throw templateRenderError(error.message, error);
    throw error;
  }
  return out.join("");
}

class Renderer {
  constructor(private readonly vars: Variables) {}

  nodes(nodes: TemplateNode[], out: string[]): void {
    for (const node of nodes) this.node(node, out);
  }

  private node(node: TemplateNode, out: string[]): void {
    switch (node.kind) {
      case "text":
        out.push(node.text);
        return;
      case "reference": {
        // API Gateway writes nothing for a null reference, where plain Velocity would write the reference itself.
        const value = this.reference(node.ref);
        if (value !== null) out.push(javaString(value));
        return;
      }
      case "escapedReference": {
        const value = this.reference(node.ref);
        out.push("\\".repeat(Math.floor(node.backslashes / 2)));
        if (node.backslashes % 2 === 0) {
          if (value !== null) out.push(javaString(value));
        } else out.push(value === null ? "\\" + node.ref.source : node.ref.source);
        return;
      }
      case "set":
        this.set(node.target, this.expression(node.value));
        return;
      case "if": {
        for (const branch of node.branches) {
          if (truthy(this.expression(branch.condition))) return this.nodes(branch.body, out);
        }
        if (node.otherwise) this.nodes(node.otherwise, out);
        return;
      }
      case "foreach":
        return this.foreach(node, out);
      case "break":
        throw new BreakLoop();
      case "stop":
        throw new StopRendering();
    }
  }

  /** Velocity 1.7 `#set`: a null value leaves the variable as it was (`directive.set.null.allowed=false`). */
  private set(target: Reference, value: VtlValue): void {
    if (value === null) return;
    if (target.parts.length === 0) {
      this.vars.set(target.root, value);
      return;
    }
    const owner = this.walk(this.vars.get(target.root) ?? null, target.parts.slice(0, -1));
    const last = target.parts[target.parts.length - 1];
    if (owner instanceof Map && last?.kind === "property") owner.set(last.name, value);
    else if (owner instanceof Map && last?.kind === "index") owner.set(javaString(this.expression(last.key)), value);
  }

  private foreach(node: Extract<TemplateNode, { kind: "foreach" }>, out: string[]): void {
    const iterable = this.expression(node.iterable);
    const items = Array.isArray(iterable) ? [...iterable] : iterable instanceof Map ? [...iterable.values()] : [];
    const saved = ["velocityCount", "velocityHasNext", "foreach", node.variable].map(
      (name) => [name, this.vars.get(name)] as const,
    );
    const scope = new ForeachScope(this.vars.get("foreach") ?? null);
    this.vars.set("foreach", scope);
    try {
      for (let i = 0; i < items.length && i < FOREACH_LIMIT; i++) {
        scope.index = i;
        scope.hasNext = i + 1 < items.length;
        this.vars.set("velocityCount", BigInt(i + 1));
        this.vars.set("velocityHasNext", scope.hasNext);
        const item = items[i] as VtlValue;
        if (item === null) this.vars.delete(node.variable);
        else this.vars.set(node.variable, item);
        try {
          this.nodes(node.body, out);
        } catch (error) {
          if (error instanceof BreakLoop) break;
          throw error;
        }
      }
    } finally {
      for (const [name, value] of saved) {
        if (value === undefined) this.vars.delete(name);
        else this.vars.set(name, value);
      }
    }
  }

  reference(ref: Reference): VtlValue {
    return this.walk(this.vars.get(ref.root) ?? null, ref.parts);
  }

  private walk(start: VtlValue, parts: Reference["parts"]): VtlValue {
    let value = start;
    for (const part of parts) {
      if (value === null) return null;
      if (part.kind === "property") value = getProperty(value, part.name);
      else if (part.kind === "index") value = getIndex(value, this.expression(part.key));
      else
        value = callMethod(
          value,
          part.name,
          part.args.map((a) => this.expression(a)),
        );
    }
    return value;
  }

  expression(expr: Expression): VtlValue {
    switch (expr.kind) {
      case "literal":
        return expr.value;
      case "interpolated": {
        const out: string[] = [];
        this.nodes(expr.nodes, out);
        return out.join("");
      }
      case "reference":
        return this.reference(expr.ref);
      case "list":
        return expr.items.map((item) => this.expression(item));
      case "map":
        return new Map(expr.entries.map(([k, v]) => [javaString(this.expression(k)), this.expression(v)]));
      case "range": {
        const from = this.expression(expr.from);
        const to = this.expression(expr.to);
        if (!isNumber(from) || !isNumber(to)) return null;
        const a = BigInt(Math.trunc(Number(from)));
        const b = BigInt(Math.trunc(Number(to)));
        const list: VtlValue[] = [];
        for (let i = a; a <= b ? i <= b : i >= b; i += a <= b ? 1n : -1n) list.push(i);
        return list;
      }
      case "not":
        return !truthy(this.expression(expr.operand));
      case "binary": {
        const { operator } = expr;
        if (operator === "&&") return truthy(this.expression(expr.left)) && truthy(this.expression(expr.right));
        if (operator === "||") return truthy(this.expression(expr.left)) || truthy(this.expression(expr.right));
        const left = this.expression(expr.left);
        const right = this.expression(expr.right);
        if (["==", "!=", "<", "<=", ">", ">="].includes(operator)) return compare(operator, left, right);
        return arithmetic(operator, left, right);
      }
    }
  }
}

/** `$foreach` of Velocity 1.7: index from 0, count from 1, hasNext, first, last, parent. */
class ForeachScope implements HostObject {
  readonly host = true;
  index = -1;
  hasNext = false;
  constructor(private readonly parent: VtlValue) {}

  property(name: string): VtlValue | undefined {
    switch (name) {
      case "index":
        return BigInt(this.index);
      case "count":
        return BigInt(this.index + 1);
      case "hasNext":
        return this.hasNext;
      case "first":
        return this.index === 0;
      case "last":
        return !this.hasNext;
      case "parent":
        return this.parent;
      default:
        return undefined;
    }
  }

  call(name: string): VtlValue | undefined {
    const getter: Record<string, string> = {
      getIndex: "index",
      getCount: "count",
      hasNext: "hasNext",
      getHasNext: "hasNext",
      isFirst: "first",
      getFirst: "first",
      isLast: "last",
      getLast: "last",
      getParent: "parent",
    };
    if (name === "stop") throw new BreakLoop();
    const prop = getter[name];
    return prop === undefined ? undefined : this.property(prop);
  }

  toJavaString(): string {
    return "org.apache.velocity.runtime.directive.ForeachScope";
  }
}
