/**
 * The decimal digits JDK 17's `Double.toString` prints for a double.
 *
 * Up to JDK 18, `Double.toString` used `FloatingDecimal`'s binary-to-ASCII conversion, a Steele & White style digit
 * generator with a few quirks (JDK-4511638): its stopping test treats the rounding interval as symmetric and
 * (mostly) open, it narrows that interval for every power of two, it insists on two digits in scientific notation,
 * its `long` arithmetic lets the half-ulp margin overflow, and it prints integers below 2^63 in full from their
 * `long` value. So it sometimes prints more digits than needed
 * (2e23 -> "1.9999999999999998E23") and, rarely, digits that do not read back as the same double. JDK 19+ and
 * JavaScript print the shortest digits that round-trip instead.
 *
 * `jdk17DoubleDigits` reproduces the old algorithm exactly, with BigInt for the multi-word arithmetic and with
 * the same fixed-width wrap-around where JDK 17 computes in `int`/`long`. For the common case where the result can
 * be shown to equal the shortest round-trip digits it takes those from JavaScript instead, which is much faster.
 */

/** Digits `d1 d2 ... dn` and a point position `p`: the value is `0.d1d2...dn × 10^p`. */
export interface JavaDecimal {
  /** Significant digits, no leading zero; after a carry they may end in zeros, which Java prints. */
  digits: string;
  /** Where the decimal point goes, counted from the left of the first digit (Java's `decExponent`). */
  pointPos: number;
}

/** A positive finite double as `odd × 2^(binExp - nFractBits + 1)`, with `2^binExp <= value < 2^(binExp+1)`. */
interface Unpacked {
  /** The significand shifted so its top bit is bit 52 (subnormals are shifted up to get there). */
  fract: number;
  /** The significand without its trailing zero bits: an odd integer of `nFractBits` bits. */
  odd: number;
  nFractBits: number;
  binExp: number;
  /** Precision of the format at this value: 53, or fewer for a subnormal. Half an ulp is `2^(binExp - this)`. */
  nSignificantBits: number;
}

/** How the value is set up as a ratio of integers before digits are generated (see {@link planDivision}). */
interface Plan {
  /** Estimated `floor(log10(value))`; may be one too high, which the first generated digit corrects. */
  decExp: number;
  /** value = odd·5^b5·2^b2 / (5^s5·2^s2) × 10^decExp; half an ulp, at the same scale, is 5^m5·2^m2. */
  b5: number;
  b2: number;
  s5: number;
  s2: number;
  m5: number;
  m2: number;
  /**
   * 32 or 64 when JDK 17 does the arithmetic in `int` or `long` (overflow and all), 0 for exact big integers.
   * (A double's B never fits an `int`; that variant is there for `float`, and is followed here only for fidelity.)
   */
  width: 0 | 32 | 64;
  /** Bit length of 10·S. */
  tenSBits: number;
}

const TWO_32 = 2 ** 32;
const TWO_52 = 2 ** 52;

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const HIGH_WORD = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/** Bit length of 5^i as JDK 17 estimates it: exact below 27, then a generous 3 bits per factor. */
const FIVE_BITS = Array.from({ length: 27 }, (_, i) => (i === 0 ? 0 : (5n ** BigInt(i)).toString(2).length));
const fiveBits = (i: number): number => (i < FIVE_BITS.length ? FIVE_BITS[i]! : 3 * i);

const bigPowersOf5: bigint[] = [1n];
function pow5(i: number): bigint {
  while (bigPowersOf5.length <= i) bigPowersOf5.push(bigPowersOf5[bigPowersOf5.length - 1]! * 5n);
  return bigPowersOf5[i]!;
}

function trailingZeroBits(x: number): number {
  const low = x % TWO_32;
  if (low !== 0) return 31 - Math.clz32(low & -low);
  const high = Math.floor(x / TWO_32);
  return 32 + 31 - Math.clz32(high & -high);
}

function bitLength(x: number): number {
  return x >= TWO_32 ? 64 - Math.clz32(Math.floor(x / TWO_32)) : 32 - Math.clz32(x);
}

function unpack(v: number): Unpacked {
  f64[0] = v;
  const high = u32[HIGH_WORD]!;
  const biased = high >>> 20;
  let fract = (high & 0xfffff) * TWO_32 + u32[1 - HIGH_WORD]!;
  let binExp: number;
  let nSignificantBits: number;
  if (biased === 0) {
    nSignificantBits = bitLength(fract);
    const shift = 53 - nSignificantBits;
    fract *= 2 ** shift;
    binExp = -1022 - shift;
  } else {
    fract += TWO_52;
    nSignificantBits = 53;
    binExp = biased - 1023;
  }
  const tail = trailingZeroBits(fract);
  return { fract, odd: fract / 2 ** tail, nFractBits: 53 - tail, binExp, nSignificantBits };
}

/**
 * `floor(log10(value))` from the tangent to log10 at 1.5 for the significand in [1, 2). Log10 being concave, the
 * tangent lies above it, so the estimate is one too high at times but not too low (the digit loop relies on that).
 * It is evaluated exactly as Java does (same constants, same operation order) so that the same values get it wrong.
 */
function estimateDecExp(fract: number, binExp: number): number {
  const d2 = fract / TWO_52;
  const estimate = (d2 - 1.5) * 0.289529654 + 0.176091259 + binExp * 0.301029995663981;
  return Math.floor(estimate) | 0;
}

/** Decimal digits in 2^p: how many low digits of a large long are below the precision of a double. */
function insignificantDigitsForPow2(p: number): number {
  return p > 1 && p < 64 ? String(2 ** p).length - 1 : 0;
}

/** Digits of an integer value, trailing zeros dropped; `dropped` more digits were cut off below them. */
function fromIntegerText(text: string, dropped: number): JavaDecimal {
  let end = text.length;
  while (end > 1 && text.charCodeAt(end - 1) === 48) end--;
  return { digits: text.slice(0, end), pointPos: text.length + dropped };
}

/**
 * Integers below 2^63 are printed straight from their `long` value, which is why they can show 18 or 19 digits.
 * From 2^58 up, the last one or two decimal digits are first rounded off (half up): a count that depends only on
 * the exponent, a rough allowance for the precision of a double.
 */
function integerDigits(p: Unpacked): JavaDecimal {
  const shift = p.binExp - p.nFractBits + 1;
  const dropped = p.binExp > p.nSignificantBits ? insignificantDigitsForPow2(p.binExp - p.nSignificantBits - 1) : 0;
  if (p.binExp < 53) return fromIntegerText(String(p.odd * 2 ** shift), 0);
  let value = BigInt(p.odd) << BigInt(shift);
  if (dropped > 0) {
    const unit = 10n ** BigInt(dropped);
    const rest = value % unit;
    value /= unit;
    if (rest >= unit / 2n) value += 1n;
  }
  return fromIntegerText(value.toString(), dropped);
}

/**
 * Sets the value up as B/S × 10^decExp with 1 <= B/S < 10 (or < 1 when decExp is one too high), and half an ulp
 * as M at B's scale, all as powers of 2 and 5, then picks the integer width JDK 17 would use for them.
 */
function planDivision(p: Unpacked): Plan {
  const nTinyBits = Math.max(0, p.nFractBits - p.binExp - 1);
  const decExp = estimateDecExp(p.fract, p.binExp);
  const b5 = Math.max(0, -decExp);
  const s5 = Math.max(0, decExp);
  let b2 = b5 + nTinyBits + p.binExp;
  let s2 = s5 + nTinyBits;
  let m2 = b2 - p.nSignificantBits;
  b2 -= p.nFractBits - 1;
  const common = Math.min(b2, s2);
  b2 -= common;
  s2 -= common;
  m2 -= common;
  // Below a power of two the next double is only half as far away. Java applies that smaller gap on both sides,
  // so it needs more digits than necessary for these values (and does it for single-bit subnormals too).
  if (p.nFractBits === 1) m2 -= 1;
  if (m2 < 0) {
    b2 -= m2;
    s2 -= m2;
    m2 = 0;
  }
  const bBits = p.nFractBits + b2 + fiveBits(b5);
  const tenSBits = s2 + 1 + fiveBits(s5 + 1);
  const width = bBits < 32 && tenSBits < 32 ? 32 : bBits < 64 && tenSBits < 64 ? 64 : 0;
  return { decExp, b5, b2, s5, s2, m5: b5, m2, width, tenSBits };
}

/** Adds one unit in the last digit, carrying through nines; "999" becomes "100" one place further left. */
function roundUp(digits: string, pointPos: number): JavaDecimal {
  let i = digits.length - 1;
  while (i > 0 && digits.charCodeAt(i) === 57) i--;
  const zeros = "0".repeat(digits.length - 1 - i);
  if (digits.charCodeAt(i) === 57) return { digits: "1" + zeros, pointPos: pointPos + 1 };
  return { digits: digits.slice(0, i) + String.fromCharCode(digits.charCodeAt(i) + 1) + zeros, pointPos };
}

/**
 * Long division of B by S, one decimal digit at a time, stopping as soon as the digits so far, or the digits so far
 * plus one in the last place, lie within M (half an ulp, scaled along) of the value; then the last digit is rounded.
 *
 * Quirks kept on purpose:
 * - the test is strict below; above it is strict in the `int`/`long` variants but not in the big-integer one, where
 *   a result exactly half an ulp above the value can be chosen;
 * - in the `int`/`long` variants M grows tenfold per digit and may wrap around; Java then treats both tests as
 *   passed if it went negative, but carries on with a wrong M if it wrapped to a positive number, and B + M may
 *   wrap as well;
 * - in scientific notation the first digit never stops the loop, so the output always has at least two digits.
 */
function generateDigits(p: Unpacked, plan: Plan): JavaDecimal {
  const { width } = plan;
  const wrap = width === 0 ? (x: bigint) => x : (x: bigint) => BigInt.asIntN(width, x);
  const s = pow5(plan.s5) << BigInt(plan.s2);
  const tens = s * 10n;
  let b = (BigInt(p.odd) * pow5(plan.b5)) << BigInt(plan.b2);
  let m = pow5(plan.m5) << BigInt(plan.m2);
  const isHigh = width === 0 ? () => b + m >= tens : () => wrap(b + m) > tens;

  let decExp = plan.decExp;
  let digits = "";
  let q = b / s;
  b = (b % s) * 10n;
  m = wrap(m * 10n);
  let low = b < m;
  let high = isHigh();
  if (q === 0n && !high) {
    decExp--; // the estimate was one too high: drop the leading zero
  } else {
    digits += String.fromCharCode(48 + Number(q));
  }
  if (decExp < -3 || decExp >= 8) low = high = false;
  while (!low && !high) {
    q = b / s;
    b = (b % s) * 10n;
    m = wrap(m * 10n);
    if (width === 0 || m > 0n) {
      low = b < m;
      high = isHigh();
    } else {
      low = high = true;
    }
    digits += String.fromCharCode(48 + Number(q));
  }

  const pointPos = decExp + 1;
  if (!high) return { digits, pointPos };
  if (!low) return roundUp(digits, pointPos);
  // Both candidates are close enough: take the nearer one, and on a tie the one with an even last digit. (Java's
  // `int`/`long` form of this difference wraps twice and so comes out exact.)
  const twiceRestMinusUnit = 2n * b - tens;
  const lastIsOdd = (digits.charCodeAt(digits.length - 1) & 1) === 1;
  if (twiceRestMinusUnit > 0n || (twiceRestMinusUnit === 0n && lastIsOdd)) return roundUp(digits, pointPos);
  return { digits, pointPos };
}

const POW5 = Array.from({ length: 23 }, (_, i) => 5 ** i);

/**
 * Whether a value halfway between this double (`fract × 2^(binExp-52)`, `binExp >= 53`) and a neighbour might be
 * written with 17 or fewer significant digits. Such a value is `(2·fract ± 1) × 2^k` with `k >= 0`, at least
 * 10^(exponent-1) with `exponent` the decimal exponent of the double, so it has at least `exponent` digits; for
 * all but 17 of them to be trailing zeros, `2·fract ± 1` must be divisible by 5^(exponent-17).
 */
function halfwayMayBeShort(fract: number, exponent: number): boolean {
  const j = exponent - 17;
  if (j < 1) return true;
  if (j >= POW5.length) return false; // 5^23 > 2^54 > 2·fract + 1
  const unit = POW5[j]!;
  const r = fract % unit;
  return (2 * r + 1) % unit === 0 || (2 * r - 1 + unit) % unit === 0;
}

/**
 * The shortest round-trip digits (JavaScript's choice: fewest digits, then the nearest, then an even last digit),
 * when they are provably what JDK 17 prints; otherwise undefined.
 *
 * Unless the double is a power of two, the interval JDK 17 tests is the true rounding interval without its end
 * points, so it stops at the fewest digits that fit inside and picks the nearest candidate the same way. The end
 * points only matter if one of them, a value halfway between two doubles, can be written in no more digits than
 * that, i.e. in 17 or fewer. Below 2^52 that never happens (a halfway value there has at least 18 significant
 * digits), integers from 2^52 to 2^63 do not get here, and above that it is checked. Also required: at least two
 * digits (a single one may be forced to two in scientific notation), and, where JDK 17 computes in `long`, no
 * wrap-around before the last digit.
 */
function shortestIfIdentical(v: number, p: Unpacked, plan: Plan): JavaDecimal | undefined {
  if (p.nFractBits === 1 || plan.width === 32) return undefined;
  const text = v.toExponential();
  const e = text.indexOf("e");
  if (e === 1) return undefined;
  const digits = text[0]! + text.slice(2, e);
  const exponent = Number(text.slice(e + 1));
  if (p.binExp >= 52 && halfwayMayBeShort(p.fract, exponent)) return undefined;
  if (plan.width === 64) {
    // B < 10·S, and M grows tenfold per digit, plus once more if the estimate's leading zero was dropped: both
    // must stay below 2^62 so that neither M nor B + M wraps before the last digit.
    const tenfolds = digits.length + 1;
    const mBits = fiveBits(plan.m5 + tenfolds) + plan.m2 + tenfolds;
    if (mBits > 62 || plan.tenSBits > 62) return undefined;
  }
  return { digits, pointPos: exponent + 1 };
}

/** The digits JDK 17 prints for a positive finite double. */
export function jdk17DoubleDigits(v: number): JavaDecimal {
  const p = unpack(v);
  if (p.binExp <= 62 && p.nFractBits - 1 <= p.binExp) return integerDigits(p);
  const plan = planDivision(p);
  return shortestIfIdentical(v, p, plan) ?? generateDigits(p, plan);
}

/** The same digits computed without the shortcut, for checking it. */
export function jdk17DoubleDigitsExact(v: number): JavaDecimal {
  const p = unpack(v);
  if (p.binExp <= 62 && p.nFractBits - 1 <= p.binExp) return integerDigits(p);
  return generateDigits(p, planDivision(p));
}
