import { ErrorCode, PinpipeError } from "../errors.ts";

export function positiveInteger(value: string | undefined, name: string): number | undefined {
  return integerAtLeast(1, value, name);
}

export function integerAtLeast(min: number, value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(parsed) || parsed < min) {
    const what = min === 1 ? "a positive integer" : `an integer of at least ${min}`;
    throw new PinpipeError(ErrorCode.InvalidOption, `${name} must be ${what}, got "${value}"`);
  }
  return parsed;
}
