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

/** The smallest subnormal: Java prints two digits for it where the shortest form has one. */
const MIN_VALUE_TEXT = "4.9E-324";

/**
 * `Double.toString`: plain notation for 1e-3 <= |d| < 1e7 with at least one fraction digit, otherwise
 * `d.dddE<exp>`; the digits are the shortest that round-trip (JDK 19+; older JDKs add digits in a few cases).
 */
export function javaDoubleToString(d: number): string {
  if (Number.isNaN(d)) return "NaN";
  if (d === Infinity) return "Infinity";
  if (d === -Infinity) return "-Infinity";
  if (d === 0) return Object.is(d, -0) ? "-0.0" : "0.0";
  const sign = d < 0 ? "-" : "";
  const abs = Math.abs(d);
  if (abs === Number.MIN_VALUE) return sign + MIN_VALUE_TEXT;
  const [mantissa, expText] = abs.toExponential().split("e") as [string, string];
  const digits = mantissa.replace(".", "");
  const exp = Number(expText);
  if (abs >= 1e-3 && abs < 1e7) {
    if (exp >= 0) {
      const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, "0");
      const frac = digits.slice(exp + 1);
      return `${sign}${intPart}.${frac === "" ? "0" : frac}`;
    }
    return `${sign}0.${"0".repeat(-exp - 1)}${digits}`;
  }
  const frac = digits.slice(1);
  return `${sign}${digits[0]}.${frac === "" ? "0" : frac}E${exp}`;
}
