import { jdk17DoubleDigits } from "./jdk17-double-digits.ts";

/**
 * Numbers as the Java servers pinpipe stands in for write them: Jackson in the REST proxy and in Kafka's
 * JsonConverter keeps integers as Java `long` and prints everything with a fraction or exponent as a Java `double`,
 * with `Double.toString`.
 */

/** An integer JSON token as a Java long: out-of-range values keep their low 64 bits, as `BigInteger.longValue`. */
export function javaLongFromToken(token: string): bigint {
  return BigInt.asIntN(64, BigInt(token));
}

/**
 * A fractional/exponent token as `new BigDecimal(token).doubleValue()`. JS parsing is correctly rounded as that is;
 * the difference is zero: BigDecimal has no negative zero, but a negative value that underflows does become -0.0.
 */
export function javaDoubleFromToken(token: string): number {
  const d = Number(token);
  if (Object.is(d, -0) && !/[1-9]/.test(token.replace(/[eE].*$/, ""))) return 0;
  return d;
}

/**
 * `Double.toString` as JDK 17 writes it: plain notation for 1e-3 <= |d| < 1e7 with at least one fraction digit,
 * otherwise `d.dddE<exp>`. The digits are JDK 17's, which are not always the shortest that round-trip (JDK 19+
 * prints those): see `jdk17-double-digits.ts`.
 */
export function javaDoubleToString(d: number): string {
  if (Number.isNaN(d)) return "NaN";
  if (d === Infinity) return "Infinity";
  if (d === -Infinity) return "-Infinity";
  if (d === 0) return Object.is(d, -0) ? "-0.0" : "0.0";
  const { digits, pointPos } = jdk17DoubleDigits(Math.abs(d));
  return (d < 0 ? "-" : "") + layOut(digits, pointPos);
}

/** Places the point in `0.digits × 10^pointPos`; the notation depends on `pointPos`, as in Java. */
function layOut(digits: string, pointPos: number): string {
  if (pointPos > 0 && pointPos < 8) {
    if (digits.length <= pointPos) return `${digits}${"0".repeat(pointPos - digits.length)}.0`;
    return `${digits.slice(0, pointPos)}.${digits.slice(pointPos)}`;
  }
  if (pointPos <= 0 && pointPos > -3) return `0.${"0".repeat(-pointPos)}${digits}`;
  const frac = digits.length > 1 ? digits.slice(1) : "0";
  return `${digits[0]}.${frac}E${pointPos - 1}`;
}
