import { createHash, randomBytes } from "node:crypto";

const NONCE_LENGTH = 20;

function sha1(...parts: Buffer[]): Buffer {
  const hash = createHash("sha1");
  for (const part of parts) hash.update(part);
  return hash.digest();
}

/**
 * mysql_native_password's answer to a nonce: SHA1(pw) XOR SHA1(nonce + SHA1(SHA1(pw))).
 * An empty password is answered with nothing at all, as servers expect.
 */
export function nativeScramble(password: string | Buffer, nonce: Buffer): Buffer {
  const secret = Buffer.from(password);
  if (secret.length === 0) return Buffer.alloc(0);
  const stage1 = sha1(secret);
  const mix = sha1(nonce.subarray(0, NONCE_LENGTH), sha1(stage1));
  for (let i = 0; i < mix.length; i += 1) mix[i] = (mix[i] as number) ^ (stage1[i] as number);
  return mix;
}

/**
 * A fresh nonce shaped like a server's: 7-bit, no NUL (clients read the second part as a C string) and no
 * `$` (which some servers reserve), so that every client library accepts it.
 */
export function makeNonce(): Buffer {
  const nonce = randomBytes(NONCE_LENGTH);
  for (let i = 0; i < nonce.length; i += 1) {
    let byte = (nonce[i] as number) & 0x7f;
    if (byte === 0) byte = 1;
    if (byte === 0x24) byte = 0x25;
    nonce[i] = byte;
  }
  return nonce;
}
