import type { BinaryOperator } from "./ast.ts";
import { javaEquals } from "./java-methods.ts";
import { isNumber, javaString, type VtlValue } from "./values.ts";

/**
 * Velocity 1.7's operators. Numbers of different types compare and compute by value (integers widen, never
 * overflow); `==` between objects of different classes compares their strings; an operand that does not fit
 * (a null, a string in `<`) makes a comparison false and arithmetic null, which Velocity only logs.
 */
export function compare(operator: BinaryOperator, left: VtlValue, right: VtlValue): boolean {
  if (operator === "==" || operator === "!=") {
    const equal = equals(left, right);
    return operator === "==" ? equal : !equal;
  }
  if (!isNumber(left) || !isNumber(right)) return false;
  const order = numericOrder(left, right);
  switch (operator) {
    case "<":
      return order < 0;
    case "<=":
      return order <= 0;
    case ">":
      return order > 0;
    default:
      return order >= 0;
  }
}

function equals(left: VtlValue, right: VtlValue): boolean {
  if (left === null || right === null) return left === right;
  if (isNumber(left) && isNumber(right)) return numericOrder(left, right) === 0;
  if (sameClass(left, right)) return javaEquals(left, right);
  return javaString(left) === javaString(right);
}

function sameClass(a: VtlValue, b: VtlValue): boolean {
  if (Array.isArray(a)) return Array.isArray(b);
  if (a instanceof Map) return b instanceof Map;
  return typeof a === typeof b;
}

function numericOrder(a: bigint | number, b: bigint | number): number {
  if (typeof a === "bigint" && typeof b === "bigint") return a < b ? -1 : a > b ? 1 : 0;
  const x = Number(a);
  const y = Number(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function arithmetic(operator: BinaryOperator, left: VtlValue, right: VtlValue): VtlValue {
  if (left === null || right === null) return null;
  if (operator === "+" && (typeof left === "string" || typeof right === "string")) {
    return javaString(left) + javaString(right);
  }
  if (!isNumber(left) || !isNumber(right)) return null;
  if (typeof left === "bigint" && typeof right === "bigint") {
    switch (operator) {
      case "+":
        return left + right;
      case "-":
        return left - right;
      case "*":
        return left * right;
      case "/":
        return right === 0n ? null : left / right;
      default:
        return right === 0n ? null : left % right;
    }
  }
  const x = Number(left);
  const y = Number(right);
  switch (operator) {
    case "+":
      return x + y;
    case "-":
      return x - y;
    case "*":
      return x * y;
    case "/":
      return y === 0 ? null : x / y;
    default:
      return y === 0 ? null : x % y;
  }
}
