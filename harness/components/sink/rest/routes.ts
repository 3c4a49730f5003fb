import { hashMapEntries } from "../../../java/hashmap-order.ts";
import { errorTypeFromAccept } from "../../../java/jaxrs/media.ts";
import { JaxRsRouter, type ResourceMethod } from "../../../java/jaxrs/router.ts";
import { messageWithRedactedSource } from "../../../java/jackson-parser.ts";
import {
  isJsonObject,
  JsonNumber,
  JsonSyntaxError,
  parseJson,
  stringifyJson,
  toPlain,
  type JsonValue,
} from "../../../java/jackson-tree.ts";
import { CONNECTOR_CLASS, CONNECTOR_VERSION } from "../connector-config.ts";
import { ConnectRestError, type Herder, type TargetState } from "../herder.ts";
import { isS3SinkPlugin, validationResult } from "./validate.ts";
import { errorResponse, type ConnectRequest, type ConnectResponse } from "./server.ts";

export const CONNECT_VERSION = "3.7.1";
const CONNECT_COMMIT = "0f4ef9e3a3b1c9d2";

const ALTERED =
  "The Connect framework-managed offsets for this connector have been altered successfully. However, if this connector manages offsets externally, they will need to be manually altered in the system that the connector uses.";
const RESET =
  "The Connect framework-managed offsets for this connector have been reset successfully. However, if this connector manages offsets externally, they will need to be manually reset in the system that the connector uses.";

const PLUGINS = [{ class: CONNECTOR_CLASS, type: "sink", version: CONNECTOR_VERSION }];
const OTHER_PLUGINS = [
  { class: "org.apache.kafka.connect.converters.ByteArrayConverter", type: "converter", version: CONNECT_VERSION },
  { class: "org.apache.kafka.connect.json.JsonConverter", type: "converter", version: CONNECT_VERSION },
  { class: "org.apache.kafka.connect.storage.StringConverter", type: "converter", version: CONNECT_VERSION },
  {
    class: "org.apache.kafka.connect.storage.SimpleHeaderConverter",
    type: "header_converter",
    version: CONNECT_VERSION,
  },
];

/**
 * The request entity as Connect's Jackson reads it. A malformed one ends in Connect's exception mapper: a 500 with
 * Jackson's message and the location it gives a streamed source.
 */
function readBody(body: string): JsonValue | undefined {
  try {
    return parseJson(body);
  } catch (error) {
    if (error instanceof JsonSyntaxError) {
      throw new ConnectRestError(500, messageWithRedactedSource(body, error));
    }
    throw error;
  }
}

function member(value: JsonValue | undefined, name: string): JsonValue | undefined {
  return isJsonObject(value) ? value.get(name) : undefined;
}

/**
 * A JSON object bound to `Map<String, String>`, as Jackson binds it: a scalar becomes its text as written (`1.0`
 * stays `1.0`), null stays null.
 */
function configMap(value: JsonValue | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isJsonObject(value)) return out;
  for (const [k, x] of value) {
    if (x === null) out[k] = null as unknown as string;
    else if (typeof x === "string") out[k] = x;
    else if (x instanceof JsonNumber) out[k] = x.text;
    else if (typeof x === "boolean") out[k] = String(x);
    else out[k] = stringifyJson(x);
  }
  return out;
}

/** Java's `Map.toString` of a config (HashMap order), as the "contains no connector type" message prints it. */
function javaMapText(config: Record<string, string>): string {
  return `{${hashMapEntries(Object.entries(config))
    .map(([k, v]) => `${k}=${v}`)
    .join(", ")}}`;
}

function checkConnectorType(config: Record<string, string>): void {
  const cls = config["connector.class"];
  if (cls === undefined || cls === null) {
    throw new ConnectRestError(400, `Connector config ${javaMapText(config)} contains no connector type`);
  }
  if (!isS3SinkPlugin(cls)) {
    throw new ConnectRestError(
      500,
      `Failed to find any class that implements Connector and which name matches ${cls}, available connectors are: PluginDesc{klass=class ${CONNECTOR_CLASS}, name='${CONNECTOR_CLASS}', version='${CONNECTOR_VERSION}', encodedVersion=${CONNECTOR_VERSION}, type=sink, typeName='sink', location='file:/opt/connectors/'}`,
    );
  }
}

function checkName(urlName: string, config: Record<string, string>): void {
  const n = config.name;
  if (n !== undefined && n !== urlName) {
    throw new ConnectRestError(
      400,
      `Connector name configuration (${n}) doesn't match connector name in the URL (${urlName})`,
    );
  }
}

let clusterId: string | undefined;

/** A resource method's body: the herder, the request, and the path parameters in the template's order. */
type Handler = (herder: Herder, req: ConnectRequest, m: string[]) => Promise<ConnectResponse> | ConnectResponse;

const routes: [string, string, Handler][] = [
  [
    "GET",
    "/",
    async (h) => {
      if (clusterId === undefined) {
        const admin = h.kafka.admin();
        await admin.connect();
        try {
          clusterId = (await admin.describeCluster()).clusterId;
        } finally {
          await admin.disconnect();
        }
      }
      return { status: 200, body: { version: CONNECT_VERSION, commit: CONNECT_COMMIT, kafka_cluster_id: clusterId } };
    },
  ],
  [
    "GET",
    "/connectors",
    (h, req) => {
      const expand = req.query.getAll("expand");
      if (!expand.includes("status") && !expand.includes("info")) return { status: 200, body: h.names() };
      const body: Record<string, unknown> = {};
      for (const n of h.names()) {
        body[n] = {
          ...(expand.includes("status") ? { status: h.status(n) } : {}),
          ...(expand.includes("info") ? { info: h.info(n) } : {}),
        };
      }
      return { status: 200, body };
    },
  ],
  [
    "POST",
    "/connectors",
    async (h, req) => {
      const body = readBody(req.body);
      const nameValue = member(body, "name");
      const name = typeof nameValue === "string" ? nameValue.trim() : "";
      const config = configMap(member(body, "config"));
      checkName(name, config);
      config.name = name;
      checkConnectorType(config);
      const initialState = member(body, "initial_state");
      const initial = (typeof initialState === "string" ? initialState : "RUNNING") as TargetState;
      await h.put(name, config, true, initial);
      return {
        status: 201,
        headers: { Location: `${req.base}/connectors/${encodeURIComponent(name)}` },
        body: { name, config, tasks: [], type: "sink" },
      };
    },
  ],
  ["GET", "/connectors/{connector}", (h, _r, [n]) => ({ status: 200, body: h.info(n as string) })],
  [
    "DELETE",
    "/connectors/{connector}",
    async (h, _r, [n]) => {
      await h.delete(n as string);
      return { status: 204 };
    },
  ],
  [
    "GET",
    "/connectors/{connector}/config",
    (h, _r, [n]) => {
      const c = h.config(n as string);
      if (!c) throw new ConnectRestError(404, `Connector ${n} not found`);
      return { status: 200, body: c };
    },
  ],
  [
    "PUT",
    "/connectors/{connector}/config",
    async (h, req, [n]) => {
      const name = n as string;
      const config = configMap(readBody(req.body));
      checkName(name, config);
      config.name = name;
      checkConnectorType(config);
      const created = await h.put(name, config, false);
      const info = h.info(name);
      return {
        status: created ? 201 : 200,
        ...(created ? { headers: { Location: `${req.base}/connectors/${encodeURIComponent(name)}` } } : {}),
        body: created ? { ...info, tasks: [] } : info,
      };
    },
  ],
  [
    "PATCH",
    "/connectors/{connector}/config",
    async (h, req, [n]) => {
      const name = n as string;
      const current = h.config(name);
      if (!current) throw new ConnectRestError(404, `Connector ${name} not found`);
      const patch = configMap(readBody(req.body));
      const merged = { ...current };
      for (const [k, v] of Object.entries(patch)) {
        if (v === null) delete merged[k];
        else merged[k] = v;
      }
      checkName(name, merged);
      await h.put(name, merged, false);
      return { status: 200, body: h.info(name) };
    },
  ],
  ["GET", "/connectors/{connector}/status", (h, _r, [n]) => ({ status: 200, body: h.status(n as string) })],
  ["GET", "/connectors/{connector}/tasks", (h, _r, [n]) => ({ status: 200, body: h.taskConfigs(n as string) })],
  [
    "GET",
    "/connectors/{connector}/tasks/{task:int}/status",
    (h, _r, [n, t]) => {
      const task = h.has(n as string) ? h.task(n as string, Number(t)) : undefined;
      if (!task) throw new ConnectRestError(404, `No status found for task ${n}-${t}`);
      return { status: 200, body: h.taskStatus(task) };
    },
  ],
  [
    "POST",
    "/connectors/{connector}/tasks/{task:int}/restart",
    async (h, _r, [n, t]) => {
      await h.restartTask(n as string, Number(t));
      return { status: 204 };
    },
  ],
  [
    "PUT",
    "/connectors/{connector}/pause",
    (h, _r, [n]) => {
      h.pause(n as string);
      return { status: 202 };
    },
  ],
  [
    "PUT",
    "/connectors/{connector}/resume",
    (h, _r, [n]) => {
      h.resume(n as string);
      return { status: 202 };
    },
  ],
  [
    "PUT",
    "/connectors/{connector}/stop",
    async (h, _r, [n]) => {
      await h.stopConnector(n as string);
      return { status: 204 };
    },
  ],
  [
    "POST",
    "/connectors/{connector}/restart",
    async (h, req, [n]) => {
      const name = n as string;
      const includeTasks = req.query.get("includeTasks") === "true";
      const onlyFailed = req.query.get("onlyFailed") === "true";
      if (!includeTasks && !onlyFailed) {
        await h.restart(name, false, false);
        return { status: 204 };
      }
      if (!h.has(name)) throw new ConnectRestError(404, `Unknown connector: ${name}`);
      const before = h.status(name);
      const restarting = (state: string): string => (!onlyFailed || state === "FAILED" ? "RESTARTING" : state);
      const body = {
        ...before,
        connector: { ...before.connector, state: restarting(before.connector.state) },
        tasks: before.tasks.map((t) => ({ ...t, state: includeTasks ? restarting(t.state) : t.state })),
      };
      await h.restart(name, includeTasks, onlyFailed);
      return { status: 202, body };
    },
  ],
  [
    "GET",
    "/connectors/{connector}/topics",
    (h, _r, [n]) => ({ status: 200, body: { [n as string]: { topics: h.topics(n as string) } } }),
  ],
  [
    "PUT",
    "/connectors/{connector}/topics/reset",
    (h, _r, [n]) => {
      h.topics(n as string);
      return { status: 202 };
    },
  ],
  [
    "GET",
    "/connectors/{connector}/offsets",
    async (h, _r, [n]) => ({ status: 200, body: { offsets: await h.offsets(n as string) } }),
  ],
  [
    "PATCH",
    "/connectors/{connector}/offsets",
    async (h, req, [n]) => {
      const name = n as string;
      requireStopped(h, name);
      const body = toPlain(readBody(req.body) ?? null) as {
        offsets?: {
          partition: { kafka_topic: string; kafka_partition: number };
          offset: { kafka_offset: number } | null;
        }[];
      };
      const admin = h.kafka.admin();
      await admin.connect();
      try {
        for (const o of body.offsets ?? []) {
          if (o.offset === null) continue;
          await admin.setOffsets({
            groupId: `connect-${name}`,
            topic: o.partition.kafka_topic,
            partitions: [{ partition: o.partition.kafka_partition, offset: String(o.offset.kafka_offset) }],
          });
        }
      } finally {
        await admin.disconnect();
      }
      return { status: 200, body: { message: ALTERED } };
    },
  ],
  [
    "DELETE",
    "/connectors/{connector}/offsets",
    async (h, _r, [n]) => {
      const name = n as string;
      requireStopped(h, name);
      const admin = h.kafka.admin();
      await admin.connect();
      try {
        await admin.deleteGroups([`connect-${name}`]).catch(() => {});
      } finally {
        await admin.disconnect();
      }
      return { status: 200, body: { message: RESET } };
    },
  ],
  [
    "GET",
    "/connector-plugins",
    (_h, req) => ({
      status: 200,
      body: req.query.get("connectorsOnly") === "false" ? [...PLUGINS, ...OTHER_PLUGINS] : PLUGINS,
    }),
  ],
  [
    "PUT",
    "/connector-plugins/{plugin}/config/validate",
    (_h, req, [p]) => {
      const plugin = p as string;
      const config = configMap(readBody(req.body));
      const included = config["connector.class"];
      if (!isS3SinkPlugin(plugin)) {
        throw new ConnectRestError(
          400,
          `Failed to find any class that implements Connector and which name matches ${plugin}, available connectors are: ${CONNECTOR_CLASS}`,
        );
      }
      if (included !== undefined && included !== null && !isS3SinkPlugin(included)) {
        throw new ConnectRestError(400, `Included connector type ${included} does not match request type ${plugin}`);
      }
      return { status: 200, body: validationResult(config) };
    },
  ],
  [
    "GET",
    "/health",
    () => ({
      status: 200,
      body: { status: "healthy", message: "Worker has completed startup and is ready to handle requests." },
    }),
  ],
];

function requireStopped(h: Herder, name: string): void {
  if (!h.has(name)) throw new ConnectRestError(404, `Connector ${name} not found`);
  if (h.state(name) !== "STOPPED") {
    throw new ConnectRestError(
      400,
      `Connectors must be in the STOPPED state before their offsets can be modified. This can be done for the specified connector by issuing a 'PUT' request to the '/connectors/${name}/stop' endpoint`,
    );
  }
}

interface ConnectResource extends ResourceMethod {
  handler: Handler;
}

const JSON_TYPE = "application/json";
const JSON_ONLY = [{ type: JSON_TYPE, qs: 1 }] as const;

/**
 * Connect's resource classes as JAX-RS sees them: every one produces application/json; ConnectorsResource and
 * ConnectorPluginsResource also consume only application/json (a `curl -d` without a Content-Type sends a form, and
 * gets 415), RootResource consumes anything.
 */
const router = new JaxRsRouter<ConnectResource>(
  routes.map(([method, template, handler]) => ({
    method,
    template,
    handler,
    consumes: template.startsWith("/connector") ? [JSON_TYPE] : "any",
    produces: JSON_ONLY,
  })),
);

/** What JAX-RS answers before any resource method runs, in Connect's error shape. */
function refusal(status: number, reason: string, accept: string | undefined): ConnectResponse {
  // A client that accepts no JSON gets no body: Jersey finds no writer it accepts for the error entity.
  if (status === 406 && errorTypeFromAccept(accept, [JSON_TYPE], true) === undefined) return { status };
  return errorResponse(status, `HTTP ${status} ${reason}`);
}

/** Dispatches as JAX-RS does: 404 for an unknown path, 405 for another method, then 415 and 406 by media type. */
export async function routeRequest(herder: Herder, req: ConnectRequest): Promise<ConnectResponse> {
  const selected = router.select({
    method: req.method,
    path: req.path,
    contentType: req.contentType,
    accept: req.accept,
  });
  switch (selected.kind) {
    case "not-found":
      return refusal(404, "Not Found", req.accept);
    case "method-not-allowed":
      return refusal(405, "Method Not Allowed", req.accept);
    case "unsupported-media-type":
      return refusal(415, "Unsupported Media Type", req.accept);
    case "not-acceptable":
      return refusal(406, "Not Acceptable", req.accept);
    case "matched":
      return selected.route.handler(herder, req, selected.values);
  }
}
