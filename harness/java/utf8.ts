/**
 * `new String(bytes, UTF_8)` as JDK 17 decodes: malformed input becomes U+FFFD, but not where the WHATWG decoder
 * (TextDecoder) puts them. The JDK replaces an encoded surrogate (ED A0..BF xx) with one U+FFFD, not three; a
 * sequence cut off by the end of the input with one U+FFFD for all that is left; and an invalid byte inside a
 * sequence ends the sequence just before it, as both do.
 */

const REPLACEMENT = 0xfffd;

function isContinuation(b: number): boolean {
  return (b & 0xc0) === 0x80;
}

/** E0 must be followed by A0..BF (else the form is overlong). */
function badSecondOf3(b1: number, b2: number): boolean {
  return (b1 === 0xe0 && (b2 & 0xe0) === 0x80) || !isContinuation(b2);
}

/** F0 must be followed by 90..BF, F4 by 80..8F. */
function badSecondOf4(b1: number, b2: number): boolean {
  return (b1 === 0xf0 && (b2 < 0x90 || b2 > 0xbf)) || (b1 === 0xf4 && (b2 & 0xf0) !== 0x80) || !isContinuation(b2);
}

export function decodeUtf8AsJava(bytes: Uint8Array): string {
  const units: number[] = [];
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b1 = bytes[i++] as number;
    if (b1 < 0x80) {
      units.push(b1);
    } else if (b1 >= 0xc2 && b1 <= 0xdf) {
      if (i >= n) {
        units.push(REPLACEMENT);
        break;
      }
      const b2 = bytes[i] as number;
      if (!isContinuation(b2)) units.push(REPLACEMENT);
      else {
        units.push(((b1 & 0x1f) << 6) | (b2 & 0x3f));
        i++;
      }
    } else if (b1 >= 0xe0 && b1 <= 0xef) {
      if (i + 1 < n) {
        const b2 = bytes[i] as number;
        const b3 = bytes[i + 1] as number;
        if (badSecondOf3(b1, b2)) {
          units.push(REPLACEMENT);
        } else if (!isContinuation(b3)) {
          units.push(REPLACEMENT);
          i += 1;
        } else {
          const c = ((b1 & 0x0f) << 12) | ((b2 & 0x3f) << 6) | (b3 & 0x3f);
          // An encoded surrogate is malformed as a whole: one replacement for its three bytes.
          units.push(c >= 0xd800 && c <= 0xdfff ? REPLACEMENT : c);
          i += 2;
        }
        continue;
      }
      if (i < n && badSecondOf3(b1, bytes[i] as number)) {
        units.push(REPLACEMENT);
        continue;
      }
      units.push(REPLACEMENT);
      break;
    } else if (b1 >= 0xf0 && b1 <= 0xf7) {
      if (i + 2 < n) {
        const b2 = bytes[i] as number;
        const b3 = bytes[i + 1] as number;
        const b4 = bytes[i + 2] as number;
        const cp = ((b1 & 0x07) << 18) | ((b2 & 0x3f) << 12) | ((b3 & 0x3f) << 6) | (b4 & 0x3f);
        const wellFormed = isContinuation(b2) && isContinuation(b3) && isContinuation(b4);
        if (wellFormed && cp >= 0x10000 && cp <= 0x10ffff) {
          const v = cp - 0x10000;
          units.push(0xd800 | (v >> 10), 0xdc00 | (v & 0x3ff));
          i += 3;
        } else {
          units.push(REPLACEMENT);
          // The replacement covers the lead alone, or the lead and the good second byte, or three bytes.
          if (!(b1 > 0xf4 || badSecondOf4(b1, b2))) i += isContinuation(b3) ? 2 : 1;
        }
        continue;
      }
      if (b1 > 0xf4 || (i < n && badSecondOf4(b1, bytes[i] as number))) {
        units.push(REPLACEMENT);
        continue;
      }
      if (i + 1 < n && !isContinuation(bytes[i + 1] as number)) {
        units.push(REPLACEMENT);
        i += 1;
        continue;
      }
      units.push(REPLACEMENT);
      break;
    } else {
      // A continuation byte with no lead, or C0, C1, F8..FF.
      units.push(REPLACEMENT);
    }
  }
  let out = "";
  for (let k = 0; k < units.length; k += 8192) out += String.fromCharCode(...units.slice(k, k + 8192));
  return out;
}
