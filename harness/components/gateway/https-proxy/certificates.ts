import { randomBytes } from "node:crypto";
import forge from "node-forge";

// Node's crypto makes keys but cannot build an X.509 certificate; node-forge builds and signs them in-process.
const { pki, md } = forge;

export interface CertificateAuthority {
  certPem: string;
  keyPem: string;
}

const DAY_MS = 86_400_000;
export const CA_SUBJECT = "pinpipe local CA for execute-api";

/** A positive 128-bit serial: DER integers are signed, so the top bit stays clear. */
function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x01;
  return bytes.toString("hex");
}

/** A forge public key from a private key's PEM (PKCS#1 or PKCS#8, RSA). */
function keyPair(keyPem: string): { privateKey: forge.pki.rsa.PrivateKey; publicKey: forge.pki.rsa.PublicKey } {
  const privateKey = pki.privateKeyFromPem(keyPem);
  return { privateKey, publicKey: pki.setRsaPublicKey(privateKey.n, privateKey.e) };
}

/**
 * A self-signed CA certificate. Critical basicConstraints and keyUsage plus both key identifiers are what
 * OpenSSL 3's strict verification (Python 3.13's default context) asks of a trust anchor.
 */
export function createCaCertificate(keyPem: string, now = Date.now(), validDays = 3650): string {
  const { privateKey, publicKey } = keyPair(keyPem);
  const cert = pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = serialNumber();
  // Back-dated a day, so a clock a little behind still accepts it.
  cert.validity.notBefore = new Date(now - DAY_MS);
  cert.validity.notAfter = new Date(now + validDays * DAY_MS);
  const subject = [
    { name: "commonName", value: CA_SUBJECT },
    { name: "organizationName", value: "pinpipe" },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: "basicConstraints", cA: true, pathLenConstraint: 0, critical: true },
    { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
    { name: "subjectKeyIdentifier" },
    { name: "authorityKeyIdentifier", keyIdentifier: true },
  ]);
  cert.sign(privateKey, md.sha256.create());
  return pki.certificateToPem(cert);
}

/** A server certificate for one host, signed by the CA: the host is its only subjectAltName, as TLS clients check. */
export function issueLeafCertificate(
  ca: CertificateAuthority,
  host: string,
  leafKeyPem: string,
  now = Date.now(),
  validDays = 365,
): string {
  const caCert = pki.certificateFromPem(ca.certPem);
  const caKey = pki.privateKeyFromPem(ca.keyPem);
  const { publicKey } = keyPair(leafKeyPem);
  const cert = pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = serialNumber();
  cert.validity.notBefore = new Date(now - DAY_MS);
  cert.validity.notAfter = new Date(now + validDays * DAY_MS);
  cert.setSubject([{ name: "commonName", value: host }]);
  cert.setIssuer(caCert.subject.attributes);
  cert.setExtensions([
    { name: "basicConstraints", cA: false, critical: true },
    { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
    { name: "extKeyUsage", serverAuth: true },
    { name: "subjectAltName", altNames: [{ type: 2, value: host }] },
    { name: "subjectKeyIdentifier" },
    { name: "authorityKeyIdentifier", keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(caKey, md.sha256.create());
  return pki.certificateToPem(cert);
}
