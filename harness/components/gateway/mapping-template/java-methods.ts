import { isHost, isJsonList, javaString, markJsonList, type VtlValue } from "./values.ts";

/** A Java method threw: Velocity wraps it and the template fails. */
export class JavaMethodError extends Error {}

/** `$obj.name` as Velocity resolves it: a getter, a map key, or `isName()`; `null` when nothing answers. */
export function getProperty(target: VtlValue, name: string): VtlValue {
  if (target === null) return null;
  if (isHost(target)) return target.property(name) ?? null;
  if (target instanceof Map) return target.get(name) ?? null;
  if (name === "empty" && (typeof target === "string" || Array.isArray(target))) return target.length === 0;
  if (name === "class") return null;
  return null;
}

export function getIndex(target: VtlValue, key: VtlValue): VtlValue {
  if (target instanceof Map) return target.get(javaString(key)) ?? null;
  if (Array.isArray(target) && typeof key === "bigint") {
    const i = Number(key);
    if (i < 0 || i >= target.length) throw new JavaMethodError(`Index: ${i}, Size: ${target.length}`);
    return target[i] as VtlValue;
  }
  return null;
}

/** Java's `equals`, which `contains`, `containsKey` and `==` between same-class objects rely on. */
export function javaEquals(a: VtlValue, b: VtlValue): boolean {
  if (a === null || b === null) return a === b;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((v, i) => javaEquals(v, b[i] as VtlValue));
  if (a instanceof Map && b instanceof Map) {
    return a.size === b.size && [...a].every(([k, v]) => b.has(k) && javaEquals(v, b.get(k) as VtlValue));
  }
  return a === b;
}

function str(v: VtlValue): string {
  return javaString(v);
}

function int(v: VtlValue): number {
  if (typeof v !== "bigint") throw new JavaMethodError("expected an integer argument");
  return Number(v);
}

/** Java's `String.replaceAll`: `$n` in the replacement is a group, `\x` is x. */
function javaReplacement(replacement: string): string {
  return replacement.replace(/\\(.)|\$(\d)|\$/g, (m, escaped: string | undefined, group: string | undefined) => {
    if (escaped !== undefined) return escaped === "$" ? "$$" : escaped;
    if (group !== undefined) return `$${group}`;
    return "$$";
  });
}

const STRING_METHODS: Record<string, (s: string, args: VtlValue[]) => VtlValue> = {
  toString: (s: string) => s,
  length: (s) => BigInt(s.length),
  isEmpty: (s) => s.length === 0,
  trim: (s) => {
    // Java's trim drops every character up to U+0020 at both ends, not only whitespace.
    let from = 0;
    let to = s.length;
    while (from < to && s.charCodeAt(from) <= 0x20) from++;
    while (to > from && s.charCodeAt(to - 1) <= 0x20) to--;
    return s.slice(from, to);
  },
  toLowerCase: (s) => s.toLowerCase(),
  toUpperCase: (s) => s.toUpperCase(),
  contains: (s, [x]) => s.includes(str(x ?? null)),
  startsWith: (s, [x]) => s.startsWith(str(x ?? null)),
  endsWith: (s, [x]) => s.endsWith(str(x ?? null)),
  equals: (s, [x]) => typeof x === "string" && s === x,
  equalsIgnoreCase: (s, [x]) => typeof x === "string" && s.toLowerCase() === x.toLowerCase(),
  indexOf: (s, [x]) => BigInt(s.indexOf(str(x ?? null))),
  lastIndexOf: (s, [x]) => BigInt(s.lastIndexOf(str(x ?? null))),
  charAt: (s, [i]) => {
    const at = int(i ?? null);
    if (at < 0 || at >= s.length) throw new JavaMethodError(`String index out of range: ${at}`);
    return s[at] as string;
  },
  substring: (s, [a, b]) => {
    const from = int(a ?? null);
    const to = b === undefined ? s.length : int(b);
    if (from < 0 || to > s.length || from > to)
      throw new JavaMethodError(`begin ${from}, end ${to}, length ${s.length}`);
    return s.slice(from, to);
  },
  replace: (s, [a, b]) => s.split(str(a ?? null)).join(str(b ?? null)),
  replaceAll: (s, [re, rep]) => s.replace(new RegExp(str(re ?? null), "g"), javaReplacement(str(rep ?? null))),
  replaceFirst: (s, [re, rep]) => s.replace(new RegExp(str(re ?? null)), javaReplacement(str(rep ?? null))),
  matches: (s, [re]) => new RegExp(`^(?:${str(re ?? null)})$`).test(s),
  split: (s, [re]) => {
    const parts = s.split(new RegExp(str(re ?? null)));
    while (parts.length > 1 && parts[parts.length - 1] === "") parts.pop();
    return parts;
  },
};

const MAP_METHODS: Record<string, (m: Map<string, VtlValue>, args: VtlValue[]) => VtlValue> = {
  get: (m, [k]) => m.get(str(k ?? null)) ?? null,
  containsKey: (m, [k]) => m.has(str(k ?? null)),
  containsValue: (m, [v]) => [...m.values()].some((x) => javaEquals(x, v ?? null)),
  keySet: (m) => [...m.keys()],
  values: (m) => [...m.values()],
  size: (m) => BigInt(m.size),
  isEmpty: (m) => m.size === 0,
  toString: (m: Map<string, VtlValue>) => javaString(m),
  put: (m, [k, v]) => {
    const key = str(k ?? null);
    const old = m.get(key) ?? null;
    m.set(key, v ?? null);
    return old;
  },
  remove: (m, [k]) => {
    const key = str(k ?? null);
    const old = m.get(key) ?? null;
    m.delete(key);
    return old;
  },
};

const LIST_METHODS: Record<string, (l: VtlValue[], args: VtlValue[]) => VtlValue> = {
  get: (l, [i]) => getIndex(l, i ?? null),
  size: (l) => BigInt(l.length),
  isEmpty: (l) => l.length === 0,
  contains: (l, [x]) => l.some((v) => javaEquals(v, x ?? null)),
  toString: (l: VtlValue[]) => javaString(l),
  add: (l, [x]) => {
    l.push(x ?? null);
    return true;
  },
  subList: (l, [a, b]) => {
    const sub = l.slice(int(a ?? null), int(b ?? null));
    return isJsonList(l) ? markJsonList(sub) : sub;
  },
};

/** A table's own entry only: `constructor` or `hasOwnProperty` are not Java methods. */
export function own<T>(table: Record<string, T>, name: string): T | undefined {
  return Object.hasOwn(table, name) ? table[name] : undefined;
}

/** `$obj.name(args)`: `null` when the object has no such method (Velocity then logs and moves on). */
export function callMethod(target: VtlValue, name: string, args: VtlValue[]): VtlValue {
  if (target === null) return null;
  if (isHost(target)) return target.call(name, args) ?? null;
  if (typeof target === "string") return own(STRING_METHODS, name)?.(target, args) ?? null;
  if (target instanceof Map) return own(MAP_METHODS, name)?.(target, args) ?? null;
  if (Array.isArray(target)) return own(LIST_METHODS, name)?.(target, args) ?? null;
  if (name === "toString") return javaString(target);
  if (name === "equals") return javaEquals(target, args[0] ?? null);
  if (typeof target === "bigint" && name === "intValue") return target;
  if (typeof target === "number" && name === "intValue") return BigInt(Math.trunc(target));
  return null;
}
