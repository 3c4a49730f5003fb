#!/usr/bin/env node
// The `pinpipe` command. The published package runs the compiled harness (dist/); a checkout, which has the
// TypeScript sources, from a bundle of them that any edit renews (see harness/runtime/source-bundle.js), so no build
// step ever stands between an edit and a run.
import { existsSync } from "node:fs";

// The AWS SDK warns on every start that its releases from 2027 on will need Node 22. pinpipe pins a release
// that runs on Node 20, so the notice says nothing to act on and would only bury pinpipe's own progress lines.
// eslint-disable-next-line no-restricted-properties
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const source = new URL("../harness/cli.ts", import.meta.url);
let cli;
if (existsSync(source)) {
  const { importFromSource } = await import("../harness/runtime/source-bundle.js");
  cli = await importFromSource(source.href);
} else {
  cli = await import("../dist/harness/cli.js");
}
process.exitCode = await cli.main(process.argv.slice(2));
