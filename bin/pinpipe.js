#!/usr/bin/env node
// The published entry: registers the TypeScript loader so the harness runs from source without a build step.
import { register } from "tsx/esm/api";

// The AWS SDK warns on every start that its releases from 2027 on will need Node 22. pinpipe pins a release
// that runs on Node 20, so the notice says nothing to act on and would only bury pinpipe's own progress lines.
// eslint-disable-next-line no-restricted-properties
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

register();
const { main } = await import("../harness/cli.ts");
process.exitCode = await main(process.argv.slice(2));
