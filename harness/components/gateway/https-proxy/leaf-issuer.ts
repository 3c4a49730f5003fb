import { createSecureContext } from "node:tls";
import type { SecureContext } from "node:tls";
import { newRsaKeyPem } from "./ca.ts";
import type { CertificateAuthority } from "./certificates.ts";
import { issueLeafCertificate } from "./certificates.ts";

export interface LeafIssuer {
  /** The TLS server context for one host, its certificate issued on first use and kept for the process. */
  contextFor(host: string): Promise<SecureContext>;
  /** The PEM certificate issued for a host so far, for specs. */
  certificateFor(host: string): Promise<string>;
}

export function createLeafIssuer(ca: CertificateAuthority): LeafIssuer {
  // One key serves every host: the certificates differ only in name, and an RSA key takes a moment to make.
  let leafKey: Promise<string> | undefined;
  const issued = new Map<string, Promise<{ cert: string; context: SecureContext }>>();

  function issue(host: string): Promise<{ cert: string; context: SecureContext }> {
    const name = host.toLowerCase();
    let entry = issued.get(name);
    if (!entry) {
      leafKey ??= newRsaKeyPem().catch((error: unknown) => {
        leafKey = undefined;
        throw error;
      });
      entry = leafKey.then((key) => {
        const cert = issueLeafCertificate(ca, name, key);
        return { cert, context: createSecureContext({ key, cert }) };
      });
      // A failed issue is not remembered: the next CONNECT tries again.
      entry.catch(() => issued.delete(name));
      issued.set(name, entry);
    }
    return entry;
  }

  return {
    contextFor: async (host) => (await issue(host)).context,
    certificateFor: async (host) => (await issue(host)).cert,
  };
}
