/** For users' own vitest specs: `expect.extend(pinpipeMatchers)`, then `await expect(stack).toHaveDelivered()`. */
export {
  pinpipeMatchers,
  type DeliveryTarget,
  type DeliveredExpectation,
  type PartitionExpectation,
} from "./matchers.ts";
export { checkRunningStack } from "../check/check-running.ts";
export { runEmulator, REFERENCE_EMULATOR } from "../emulator/run.ts";
export { AckCounter } from "../check/ack-counter.ts";
