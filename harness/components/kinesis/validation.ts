import { KinesisError } from "./errors.ts";
import type { Members, Shape } from "./shapes.ts";

/** Kinesis reports at most this many constraint violations in one message. */
const MAX_ERRORS = 10;

/**
 * Checks read values against the model's constraints and throws what Kinesis throws when some fail:
 * `ValidationException` with "N validation error(s) detected: Value … at '…' failed to satisfy constraint: …",
 * members named as the service names them (first letter lower case, list items as `records.1.member`).
 */
export function validateMembers(members: Members, input: Record<string, unknown>): void {
  const errors: string[] = [];
  checkMembers(members, input, "", errors);
  if (errors.length === 0) return;
  const count = errors.length;
  throw new KinesisError(
    "ValidationException",
    `${count} validation error${count > 1 ? "s" : ""} detected: ${errors.join("; ")}`,
  );
}

const lowerFirst = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1);

function checkMembers(members: Members, input: Record<string, unknown>, parent: string, errors: string[]): void {
  for (const [name, member] of Object.entries(members)) {
    const path = `${parent}${lowerFirst(name)}`;
    const value = input[name];
    if (value === undefined || value === null) {
      if (member.notNull) fail(errors, null, member.shape, path, "Member must not be null");
      continue;
    }
    checkValue(member.shape, value, path, errors);
  }
}

function checkValue(shape: Shape, value: unknown, path: string, errors: string[]): void {
  const violated = (constraint: string): void => fail(errors, value, shape, path, constraint);
  switch (shape.kind) {
    case "string": {
      const text = value as string;
      if (shape.pattern !== undefined && !new RegExp(`^(?:${shape.pattern})$`).test(text)) {
        violated(`Member must satisfy regular expression pattern: ${shape.pattern}`);
      }
      checkLength(text.length, shape, violated);
      if (shape.enum !== undefined && !shape.enum.includes(text)) {
        violated(`Member must satisfy enum value set: [${shape.enum.join(", ")}]`);
      }
      return;
    }
    case "integer": {
      const number = value as number;
      if (shape.min !== undefined && number < shape.min) {
        violated(`Member must have value greater than or equal to ${shape.min}`);
      }
      if (shape.max !== undefined && number > shape.max) {
        violated(`Member must have value less than or equal to ${shape.max}`);
      }
      return;
    }
    case "blob":
      checkLength((value as Buffer).length, shape, violated);
      return;
    case "list": {
      const items = value as unknown[];
      checkLength(items.length, shape, violated);
      items.forEach((item, i) => {
        const itemPath = `${path}.${i + 1}.member`;
        if (item === null) fail(errors, null, shape.member, itemPath, "Member must not be null");
        else checkValue(shape.member, item, itemPath, errors);
      });
      return;
    }
    case "structure":
      checkMembers(shape.members, value as Record<string, unknown>, `${path}.`, errors);
      return;
    default:
      return;
  }
}

function checkLength(length: number, shape: { min?: number; max?: number }, violated: (c: string) => void): void {
  if (shape.min !== undefined && length < shape.min)
    violated(`Member must have length greater than or equal to ${shape.min}`);
  if (shape.max !== undefined && length > shape.max)
    violated(`Member must have length less than or equal to ${shape.max}`);
}

function fail(errors: string[], value: unknown, shape: Shape, path: string, constraint: string): void {
  if (errors.length >= MAX_ERRORS) return;
  const shown = value === null ? "null" : `'${valueText(shape, value)}'`;
  errors.push(`Value ${shown} at '${path}' failed to satisfy constraint: ${constraint}`);
}

/** A value as the service's Java code prints it in the message. */
function valueText(shape: Shape, value: unknown): string {
  switch (shape.kind) {
    case "blob": {
      const length = (value as Buffer).length;
      return `java.nio.HeapByteBuffer[pos=0 lim=${length} cap=${length}]`;
    }
    case "list":
      return `[${(value as unknown[]).map((item) => (shape.memberText ? shape.memberText(item) : String(item))).join(", ")}]`;
    case "structure":
    case "map":
      return JSON.stringify(value);
    default:
      return String(value);
  }
}
