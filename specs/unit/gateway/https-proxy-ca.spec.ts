import { X509Certificate, createPrivateKey } from "node:crypto";
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createLeafIssuer, loadOrCreateCa } from "../../../harness/components/gateway/https-proxy/index.ts";

const HOST = "abc123xyz.execute-api.us-east-1.amazonaws.com";
const DAY_MS = 86_400_000;
const cacheDir = (): string => mkdtempSync(join(tmpdir(), "pinpipe-tls-"));

describe("execute-api proxy CA", () => {
  it("is made once per cache dir: a CA certificate in tls/ca.pem, its key beside it readable by the owner only", async () => {
    const dir = cacheDir();
    const ca = await loadOrCreateCa(dir);
    expect(ca.caFile).toBe(join(dir, "tls", "ca.pem"));
    expect(statSync(ca.keyFile).mode & 0o777).toBe(0o600);
    const cert = new X509Certificate(readFileSync(ca.caFile));
    expect(cert.ca).toBe(true);
    expect(cert.checkPrivateKey(createPrivateKey(readFileSync(ca.keyFile)))).toBe(true);
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.publicKey.asymmetricKeyDetails).toMatchObject({ modulusLength: 2048 });
    // A CA file holds the certificate alone: it is what the script is told to trust.
    expect(readFileSync(ca.caFile, "utf8")).not.toContain("PRIVATE KEY");
  });

  it("is reused by later runs, also by runs that start together", async () => {
    const dir = cacheDir();
    const [first, second] = await Promise.all([loadOrCreateCa(dir), loadOrCreateCa(dir)]);
    expect(second.certPem).toBe(first.certPem);
    const later = await loadOrCreateCa(dir);
    expect(later.certPem).toBe(first.certPem);
    expect(later.keyPem).toBe(first.keyPem);
  });

  it("is made anew when the files are broken or it is about to expire", async () => {
    const dir = cacheDir();
    const first = await loadOrCreateCa(dir);
    writeFileSync(first.caFile, "not a certificate");
    const repaired = await loadOrCreateCa(dir);
    expect(repaired.certPem).not.toBe(first.certPem);
    const renewed = await loadOrCreateCa(dir, Date.now() + 3640 * DAY_MS);
    expect(renewed.certPem).not.toBe(repaired.certPem);
  });
});

describe("leaf certificates", () => {
  it("name the requested host as their only subjectAltName, are signed by the CA and are no CA themselves", async () => {
    const ca = await loadOrCreateCa(cacheDir());
    const leaf = new X509Certificate(await createLeafIssuer(ca).certificateFor(HOST));
    const caCert = new X509Certificate(ca.certPem);
    expect(leaf.subjectAltName).toBe(`DNS:${HOST}`);
    expect(leaf.checkHost(HOST)).toBe(HOST);
    expect(leaf.checkHost("other.execute-api.us-east-1.amazonaws.com")).toBeUndefined();
    expect(leaf.ca).toBe(false);
    expect(leaf.checkIssued(caCert)).toBe(true);
    expect(leaf.verify(caCert.publicKey)).toBe(true);
    expect(leaf.keyUsage).toEqual(["1.3.6.1.5.5.7.3.1"]);
    expect(leaf.publicKey.asymmetricKeyDetails).toMatchObject({ modulusLength: 2048 });
  });

  it("are issued once per host, whatever its case, and kept", async () => {
    const issuer = createLeafIssuer(await loadOrCreateCa(cacheDir()));
    const first = await issuer.certificateFor(HOST);
    expect(await issuer.certificateFor(HOST.toUpperCase())).toBe(first);
    expect(await issuer.contextFor(HOST)).toBe(await issuer.contextFor(HOST));
    const other = await issuer.certificateFor("zzz999.execute-api.eu-west-1.amazonaws.com");
    expect(new X509Certificate(other).subjectAltName).toBe("DNS:zzz999.execute-api.eu-west-1.amazonaws.com");
  });
});
