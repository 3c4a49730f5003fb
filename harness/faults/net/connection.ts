import { connect, type Socket } from "node:net";
import { Lane, type LaneFault } from "./lane.ts";
import { resetSocket } from "./reset-socket.ts";

export interface Address {
  host: string;
  port: number;
}

/**
 * One client connection and the connection the proxy opened to the target for it, joined by a lane each way.
 * Both sockets allow half-open, so a client that shuts down its sending side still gets the answer, as it would
 * without the proxy in between.
 */
export class ProxiedConnection {
  private readonly upstream: Socket;
  private readonly lanes: Lane[];

  constructor(
    private readonly client: Socket,
    target: Address,
    fault: LaneFault,
    onGone: (connection: ProxiedConnection) => void,
    onRefused: () => void = () => {},
  ) {
    this.upstream = connect({ host: target.host, port: target.port, allowHalfOpen: true });
    // Small writes pass at once: Nagle's algorithm in the proxy would add delay no fault asked for.
    client.setNoDelay(true);
    this.upstream.setNoDelay(true);
    const toUpstream = new Lane(client, this.upstream, fault);
    const toClient = new Lane(this.upstream, client, fault);
    this.lanes = [toUpstream, toClient];
    // A reset or a refused connect on one side reaches the other side as a reset.
    client.on("error", () => toUpstream.sourceFailed());
    this.upstream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "ECONNREFUSED") onRefused();
      toClient.sourceFailed();
    });

    let open = 2;
    const closed = (): void => {
      open -= 1;
      if (open > 0) return;
      this.disposeLanes();
      onGone(this);
    };
    client.once("close", closed);
    this.upstream.once("close", closed);
  }

  apply(fault: LaneFault): void {
    for (const lane of this.lanes) lane.apply(fault);
  }

  reset(): void {
    this.disposeLanes();
    resetSocket(this.client);
    resetSocket(this.upstream);
  }

  destroy(): void {
    this.disposeLanes();
    this.client.destroy();
    this.upstream.destroy();
  }

  private disposeLanes(): void {
    for (const lane of this.lanes) lane.dispose();
  }
}
