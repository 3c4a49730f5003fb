import type { Restartable } from "../../components/types.ts";
import type { NetLink } from "./net-faults.ts";

/**
 * A component whose stops and starts its link's proxies follow: the proxies stop listening before the component goes
 * down and listen again once it is back, so a client behind the link is refused while it is down, as it would be
 * without the link (a listening proxy could only accept and then reset). Without a link, the component itself.
 */
export function followedBy(component: Restartable, link: NetLink | undefined): Restartable {
  if (!link) return component;
  const followed: Restartable = {
    get running() {
      return component.running;
    },
    async start() {
      await component.start();
      await link.targetUp();
    },
    async stop() {
      link.targetDown();
      await component.stop();
    },
    async kill() {
      link.targetDown();
      await component.kill();
    },
  };
  return followed;
}
