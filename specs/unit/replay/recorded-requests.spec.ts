import { describe, expect, it } from "vitest";
import type { JournalEntry } from "../../../harness/components/gateway/journal.ts";
import { recordedRequests, recordedTargets } from "../../../harness/replay/recorded-requests.ts";

function entry(time: string, url: string, more: Partial<JournalEntry> = {}): JournalEntry {
  return {
    time,
    requestId: "r",
    extendedRequestId: "e",
    sourceIp: "127.0.0.1",
    method: "POST",
    url,
    stage: "dev",
    resourcePath: "/{proxy+}",
    status: 200,
    latencyMs: 5,
    request: {
      headers: [
        ["Host", "abc.execute-api.us-east-1.amazonaws.com"],
        ["Content-Type", "application/vnd.kafka.json.v2+json"],
        ["Content-Length", "9"],
      ],
      body: { bytes: 9, text: '{"a":"é"}', truncated: false },
    },
    response: { headers: [], body: { bytes: 0, text: "", truncated: false } },
    integration: null,
    error: null,
    ...more,
  };
}

describe("a recorded journal, as requests to send again", () => {
  it("orders them by arrival, keeps their spacing and bodies, and drops what the new connection sets", () => {
    const requests = recordedRequests([
      entry("2026-12-07T06:00:01.250Z", "/dev/topics/0a1b2c3d4e5f.geo"),
      entry("2026-12-07T06:00:01.000Z", "/dev/topics/0a1b2c3d4e5f.pin", {
        request: {
          headers: [],
          body: { bytes: 3, base64: Buffer.from([0, 255, 1]).toString("base64"), truncated: true },
        },
      }),
    ]);
    expect(requests.map((r) => [r.atMs, r.url])).toEqual([
      [0, "/dev/topics/0a1b2c3d4e5f.pin"],
      [250, "/dev/topics/0a1b2c3d4e5f.geo"],
    ]);
    expect(requests[0]).toMatchObject({ body: Buffer.from([0, 255, 1]), truncated: true });
    expect(requests[1]?.body.toString("utf8")).toBe('{"a":"é"}');
    expect(requests[1]?.headers).toEqual([["Content-Type", "application/vnd.kafka.json.v2+json"]]);
  });

  it("finds the stage and user id the client posted to, ignoring calls to a stage that was not deployed", () => {
    expect(
      recordedTargets([
        entry("2026-12-07T06:00:01.000Z", "/dev/topics/0a1b2c3d4e5f.pin"),
        entry("2026-12-07T06:00:02.000Z", "/dev/topics/0a1b2c3d4e5f.user?x=1"),
        entry("2026-12-07T06:00:03.000Z", "/prod/topics/0a1b2c3d4e5f.pin", { stage: "prod", resourcePath: null }),
      ]),
    ).toEqual({ stage: "dev", userId: "0a1b2c3d4e5f" });
    expect(recordedTargets([])).toEqual({});
  });
});
