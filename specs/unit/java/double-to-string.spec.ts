import { describe, expect, it } from "vitest";
import { javaDoubleToString } from "../../../harness/java/java-number.ts";
import { jdk17DoubleDigits, jdk17DoubleDigitsExact } from "../../../harness/java/jdk17-double-digits.ts";

// Every expected string below was printed by OpenJDK 17.0.15's Double.toString for the same double.

describe("Double.toString as JDK 17 prints it", () => {
  it.each([
    [2e23, "1.9999999999999998E23"],
    [1e23, "9.999999999999999E22"],
    [8.41e21, "8.409999999999999E21"],
    [9.7e21, "9.699999999999999E21"],
    [7e22, "7.0000000000000004E22"],
    [9.734053e19, "9.734052999999999E19"],
    [2 ** -127, "5.8774717541114375E-39"],
    [2 ** -97, "6.3108872417680944E-30"],
    [2 ** -44, "5.6843418860808015E-14"],
    [1.442585021251584e26, "1.4425850212515841E26"],
    [30000000000000010, "3.0000000000000008E16"],
    [2 ** 60, "1.15292150460684698E18"],
    [2 ** 62 + 2 ** 10, "4.6116860184273889E18"],
    [2 ** 58 + 64, "2.8823037615171181E17"],
    [144115188075855860, "1.44115188075855856E17"],
    [99999999999999800, "9.9999999999999808E16"],
    [-1.0803620034134275e18, "-1.08036200341342746E18"],
    [221252441406250000, "2.21252441406249984E17"],
    [1.00197773190435e18, "1.00197773190434995E18"],
    [5e-323, "4.9E-323"],
    [9e-323, "8.9E-323"],
  ])("more digits than the shortest round-trip form: %s -> %s", (d, text) => {
    expect(javaDoubleToString(d)).toBe(text);
  });

  it.each([
    [1.5283211626086399e34, "1.52832116260864E34"],
    [4.6368466927615995e31, "4.6368466927616E31"],
    [7.077887999999999e27, "7.077888E27"],
  ])("digits that read back as a neighbouring double: %s -> %s", (d, text) => {
    expect(javaDoubleToString(d)).toBe(text);
    expect(Number(text)).not.toBe(d);
  });

  it.each([
    [Number.MIN_VALUE, "4.9E-324"],
    [-Number.MIN_VALUE, "-4.9E-324"],
    [1e-323, "1.0E-323"],
    [1.5e-323, "1.5E-323"],
    [2.5e-323, "2.5E-323"],
    [4.4e-323, "4.4E-323"],
    [2.225073858507201e-308, "2.225073858507201E-308"],
    [2 ** -1022, "2.2250738585072014E-308"],
    [2 ** -1074 * 1000, "4.94E-321"],
    [1.2347e-320, "1.2347E-320"],
  ])("subnormal and smallest normal: %s -> %s", (d, text) => {
    expect(javaDoubleToString(d)).toBe(text);
  });

  it.each([
    [0.001, "0.001"],
    [0.0009999999999999998, "9.999999999999998E-4"],
    [0.0010000000000000002, "0.0010000000000000002"],
    [-0.001, "-0.001"],
    [1e-4, "1.0E-4"],
    [1e7, "1.0E7"],
    [-1e7, "-1.0E7"],
    [9999999.999999998, "9999999.999999998"],
    [9999999, "9999999.0"],
    [12345678.9, "1.23456789E7"],
    [100, "100.0"],
    [1e-5, "1.0E-5"],
    [0, "0.0"],
    [-0, "-0.0"],
    [NaN, "NaN"],
    [Infinity, "Infinity"],
    [-Infinity, "-Infinity"],
  ])("notation at the edges of 1e-3 and 1e7: %s -> %s", (d, text) => {
    expect(javaDoubleToString(d)).toBe(text);
  });

  it.each([
    [12.5, "12.5"],
    [0.001234, "0.001234"],
    [45.678, "45.678"],
    [0.1, "0.1"],
    [0.3, "0.3"],
    [1 / 3, "0.3333333333333333"],
    [0.5, "0.5"],
    [4.35, "4.35"],
    [-2.5e-5, "-2.5E-5"],
    [1e21, "1.0E21"],
    [1e22, "1.0E22"],
    [1e16, "1.0E16"],
    [5e-5, "5.0E-5"],
    [3e10, "3.0E10"],
    [2e-7, "2.0E-7"],
    [9.5e15, "9.5E15"],
    [6e22, "6.0E22"],
    [Number.MAX_VALUE, "1.7976931348623157E308"],
    [1.7976931348623155e308, "1.7976931348623155E308"],
    [2 ** 1023, "8.98846567431158E307"],
    [2 ** 100, "1.2676506002282294E30"],
    [2 ** 63, "9.223372036854776E18"],
    [2 ** 53, "9.007199254740992E15"],
    [1.2345678901234568e17, "1.2345678901234568E17"],
    [1.2345678901234568e-300, "1.2345678901234568E-300"],
    [2 ** 50 + 0.25, "1.1258999068426242E15"],
    [2 ** 50 + 0.75, "1.1258999068426248E15"],
    [2 ** -20, "9.5367431640625E-7"],
    [2 ** -30, "9.313225746154785E-10"],
    [1.0000000000000001e23, "1.0000000000000001E23"],
  ])("same as the shortest form: %s -> %s", (d, text) => {
    expect(javaDoubleToString(d)).toBe(text);
  });
});

/** mulberry32, for repeatable random doubles. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** Finite doubles from random bit patterns, so every exponent is equally likely. */
function randomDoubles(seed: number, count: number): number[] {
  const next = seededRandom(seed);
  const words = new Uint32Array(2);
  const view = new Float64Array(words.buffer);
  const out: number[] = [];
  while (out.length < count) {
    words[0] = next();
    words[1] = next();
    if (Number.isFinite(view[0])) out.push(view[0]!);
  }
  return out;
}

describe("Double.toString properties", () => {
  // JDK 17 does not always read back (see the table above), but only next to rare halfway values that random bit
  // patterns practically never hit.
  it("reads back as the same double for 10,000 random doubles", () => {
    for (const d of randomDoubles(20240917, 10_000)) {
      const text = javaDoubleToString(d);
      if (Number(text) !== d) expect.fail(`${d} printed as ${text}`);
    }
  });

  it("gives the same digits with and without the shortest-digits shortcut", () => {
    const next = seededRandom(7);
    const decimals = Array.from({ length: 2_000 }, () => {
      const digits = String(next() % 10 ** (1 + (next() % 9)));
      return Number(`${digits}e${(next() % 80) - 40}`);
    });
    for (const d of [...randomDoubles(99, 3_000), ...decimals]) {
      const v = Math.abs(d);
      if (v === 0) continue;
      const fast = jdk17DoubleDigits(v);
      const exact = jdk17DoubleDigitsExact(v);
      if (fast.digits !== exact.digits || fast.pointPos !== exact.pointPos)
        expect.fail(`${d}: ${JSON.stringify([fast, exact])}`);
    }
  });
});
