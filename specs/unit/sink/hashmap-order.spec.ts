import { describe, expect, it } from "vitest";
import { hashMapLayout, javaStringHash } from "../../../harness/java/hashmap-order.ts";
import { parseJacksonValue } from "../../../harness/components/sink/json/jackson-parse.ts";
import { writeJackson } from "../../../harness/components/sink/json/java-value.ts";

const line = (json: string): string => writeJackson(parseJacksonValue(Buffer.from(json)) ?? null);

describe("Java HashMap iteration order", () => {
  it("hashes strings as String.hashCode", () => {
    expect(javaStringHash("")).toBe(0);
    expect(javaStringHash("a")).toBe(97);
    expect(javaStringHash("Aa")).toBe(javaStringHash("BB"));
    expect(javaStringHash("hello world")).toBe(1794106052);
    expect(javaStringHash("unique_id")).toBe(-538310583);
  });

  it("orders small maps by bucket (checklist 2, 3)", () => {
    expect(line('{"b":1,"a":2,"c":3}')).toBe('{"a":2,"b":1,"c":3}');
    expect(
      line('{"device_id":"d-1","ts":1700000000000,"temp":21.5,"tags":["x","y"],"meta":{"fw":"1.2.3","ok":true}}') +
        "\n",
    ).toBe('{"temp":21.5,"device_id":"d-1","meta":{"fw":"1.2.3","ok":true},"ts":1700000000000,"tags":["x","y"]}\n');
  });

  it("resizes past 12 keys (checklist 4, 5)", () => {
    const keys = Array.from({ length: 13 }, (_, i) => `k${String(i + 1).padStart(2, "0")}`);
    const twelve = `{${keys
      .slice(0, 12)
      .map((k, i) => `"${k}":${i + 1}`)
      .join(",")}}`;
    expect(line(twelve)).toBe(
      '{"k06":6,"k05":5,"k08":8,"k07":7,"k09":9,"k11":11,"k10":10,"k02":2,"k01":1,"k12":12,"k04":4,"k03":3}',
    );
    const thirteen = `{${keys.map((k, i) => `"${k}":${i + 1}`).join(",")}}`;
    expect(line(thirteen)).toBe(
      '{"k11":11,"k10":10,"k02":2,"k13":13,"k01":1,"k12":12,"k04":4,"k03":3,"k06":6,"k05":5,"k08":8,"k07":7,"k09":9}',
    );
    expect(hashMapLayout(keys).capacity).toBe(32);
  });

  it("keeps insertion order within a bucket (checklist 6)", () => {
    expect(line('{"BB":2,"Aa":1}')).toBe('{"BB":2,"Aa":1}');
    expect(line('{"Aa":1,"BB":2}')).toBe('{"Aa":1,"BB":2}');
  });

  it("applies per nested object, arrays keep order (checklist 7)", () => {
    expect(line('{"a":{"z":1,"y":{"b":2,"a":1}},"b":[{"d":1,"c":2}]}')).toBe(
      '{"a":{"y":{"a":1,"b":2},"z":1},"b":[{"c":2,"d":1}]}',
    );
  });

  it("grows the table for a crowded bucket while it is small", () => {
    // Nine keys with one hash: the ninth lands in a bucket holding eight, so a 16-slot table doubles even
    // though nine keys are under its load threshold; equal hashes keep insertion order.
    const pairs = ["Aa", "BB"];
    const keys: string[] = [];
    for (let i = 0; i < 9; i++) keys.push([3, 2, 1, 0].map((b) => pairs[(i >> b) & 1]).join(""));
    expect(new Set(keys.map(javaStringHash)).size).toBe(1);
    expect(hashMapLayout(keys.slice(0, 8)).capacity).toBe(16);
    const layout = hashMapLayout(keys);
    expect(layout.capacity).toBe(32);
    expect(layout.treeified).toBe(false);
    expect(layout.keys).toEqual(keys);
  });

  it("orders the three Pinterest record shapes as the sink writes them", () => {
    const pin =
      '{"index":7528,"unique_id":"fbe53c66-3442-4773-b19e-d3ec6f54dddf","title":"No Title Data Available","description":"No description available Story format","poster_name":"User Info Error","follower_count":"User Info Error","tag_list":"N,o, ,T,a,g,s, ,A,v,a,i,l,a,b,l,e","is_image_or_video":"multi-video(story page format)","image_src":"Image src error.","downloaded":0,"save_location":"Local save in /data/mens-fashion","category":"mens-fashion"}';
    const keysOf = (json: string): string[] => [...line(json).matchAll(/"([a-z_]+)":/g)].map((m) => m[1] as string);
    expect(keysOf(pin)).toEqual([
      "is_image_or_video",
      "unique_id",
      "save_location",
      "poster_name",
      "tag_list",
      "index",
      "description",
      "title",
      "category",
      "follower_count",
      "image_src",
      "downloaded",
    ]);
    const geo =
      '{"ind":7528,"timestamp":"2020-08-28 03:52:47","latitude":-89.9787,"longitude":-173.293,"country":"Albania"}';
    expect(line(geo)).toBe(
      '{"country":"Albania","latitude":-89.9787,"ind":7528,"timestamp":"2020-08-28 03:52:47","longitude":-173.293}',
    );
    const user = '{"ind":7528,"first_name":"Abigail","last_name":"Ali","age":20,"date_joined":"2015-10-24 11:23:51"}';
    expect(keysOf(user)).toEqual(["last_name", "date_joined", "first_name", "ind", "age"]);
  });
});
