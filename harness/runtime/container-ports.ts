import { ErrorCode, PinpipeError } from "../errors.ts";
import { freePort } from "./ports.ts";

/**
 * A container port bound to a host port chosen up front. Docker hands a stopped container new random host ports
 * when it starts again unless the binding is fixed, and every client (and the address Kafka advertises) holds the
 * first one: a start in place needs the same port.
 */
export interface FixedPort {
  container: number;
  host: number;
}

/** The binding a container's settings ask Docker for; refuses 0, which would let Docker pick at each start. */
export function fixedPort(component: string, container: number, host: number): FixedPort {
  if (!Number.isInteger(host) || host < 1 || host > 65535) {
    throw new PinpipeError(
      ErrorCode.InvalidOption,
      `${component}: host port ${host} cannot be bound to container port ${container}; give 1-65535, ` +
        "or let the starter pick a free one",
      { context: { component, containerPort: container, hostPort: host } },
    );
  }
  return { container, host };
}

/** The host port asked for, or (0 or absent) a free loopback port picked now, below the kernel's ephemeral range. */
export function hostPortFor(asked?: number): Promise<number> {
  return asked ? Promise.resolve(asked) : freePort("127.0.0.1");
}
