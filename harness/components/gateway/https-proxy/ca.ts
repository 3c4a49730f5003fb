import { X509Certificate, createPrivateKey, generateKeyPair } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { ErrorCode, PinpipeError } from "../../../errors.ts";
import type { CertificateAuthority } from "./certificates.ts";
import { createCaCertificate } from "./certificates.ts";

export interface LocalCa extends CertificateAuthority {
  /** The CA certificate alone, for REQUESTS_CA_BUNDLE / SSL_CERT_FILE. */
  caFile: string;
  keyFile: string;
}

const generateKeyPairAsync = promisify(generateKeyPair);
const DAY_MS = 86_400_000;
// A CA this close to its end is replaced, so no run starts with one that expires during it.
const RENEW_BEFORE_MS = 30 * DAY_MS;

/** RSA 2048: what every OpenSSL security level Python ships with accepts, and quick to make with Node's crypto. */
export async function newRsaKeyPem(): Promise<string> {
  const { privateKey } = await generateKeyPairAsync("rsa", { modulusLength: 2048 });
  return privateKey.export({ type: "pkcs1", format: "pem" }).toString();
}

export function tlsDir(cacheDir: string): string {
  return join(cacheDir, "tls");
}

/** The CA in `dir`; "missing" when there is none yet, "unusable" when it is broken, mismatched or expiring. */
async function readCa(dir: string, now: number): Promise<LocalCa | "missing" | "unusable"> {
  const caFile = join(dir, "ca.pem");
  const keyFile = join(dir, "ca-key.pem");
  try {
    const [certPem, keyPem] = await Promise.all([readFile(caFile, "utf8"), readFile(keyFile, "utf8")]);
    const cert = new X509Certificate(certPem);
    if (!cert.ca || !cert.checkPrivateKey(createPrivateKey(keyPem))) return "unusable";
    if (Date.parse(cert.validTo) - now < RENEW_BEFORE_MS) return "unusable";
    return { certPem, keyPem, caFile, keyFile };
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ENOENT" && !existsSync(dir) ? "missing" : "unusable";
  }
}

/**
 * The proxy's CA, made once per cache dir and reused by every run, so a CA file a user has already handed to a
 * tool keeps working. A new one is built in a private temporary folder and renamed into place whole: two runs
 * starting together end up with the same CA, never with one's key beside the other's certificate.
 */
export async function loadOrCreateCa(cacheDir: string, now = Date.now()): Promise<LocalCa> {
  const dir = tlsDir(cacheDir);
  const existing = await readCa(dir, now);
  if (typeof existing === "object") return existing;
  try {
    await mkdir(cacheDir, { recursive: true });
    const staging = await mkdtemp(join(cacheDir, "tls.tmp-"));
    try {
      const keyPem = await newRsaKeyPem();
      await writeFile(join(staging, "ca-key.pem"), keyPem, { mode: 0o600 });
      await writeFile(join(staging, "ca.pem"), createCaCertificate(keyPem, now), { mode: 0o644 });
      // Only a CA found unusable is removed; when there was none, the rename fails if another run put one in first.
      if (existing === "unusable") await rm(dir, { recursive: true, force: true });
      await rename(staging, dir).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== "ENOTEMPTY" && error.code !== "EEXIST") throw error;
      });
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  } catch (cause) {
    throw new PinpipeError(
      ErrorCode.StartFailed,
      `could not create the execute-api proxy's CA in ${dir}: ${(cause as Error).message}; ` +
        "check that the cache dir (PINPIPE_CACHE_DIR) is writable",
      { context: { component: "gateway", path: dir }, cause },
    );
  }
  const created = await readCa(dir, now);
  if (typeof created === "object") return created;
  throw new PinpipeError(
    ErrorCode.StartFailed,
    `the execute-api proxy's CA in ${dir} is unreadable: remove that folder and start again`,
    { context: { component: "gateway", path: dir } },
  );
}
