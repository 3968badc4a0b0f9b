import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CanonicalEncodingError,
  GENESIS_HASH,
  canonicalJson,
  chainedText,
  hashEvent,
  type ChainedFields,
} from "@/server/domain/audit/canonical";

const event: ChainedFields = {
  seq: 1n,
  occurredAt: new Date("2026-01-02T03:04:05.678Z"),
  actorType: "USER",
  actorId: "user-1",
  action: "request.submitted",
  entityType: "AccessRequest",
  entityId: "req-1",
  requestId: null,
  data: { ttlDays: 7, scope: { system: "pg-main", role: "read" }, kind: "GRANT" },
};

describe("canonicalJson", () => {
  it("sorts keys at every depth and writes no whitespace", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: "x" } })).toBe(
      '{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}',
    );
  });

  it("does not depend on key insertion order", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (record) => {
        const reversed = Object.fromEntries(Object.entries(record).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(record));
      }),
    );
  });

  it("round-trips through JSON.parse to an equal encoding", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
      }),
    );
  });

  it("encodes strings and numbers as JSON.stringify does", () => {
    expect(canonicalJson("é\n\"\u2028")).toBe(JSON.stringify("é\n\"\u2028"));
    expect(canonicalJson([0.1, -0, 1e21, 5e-324, -12])).toBe("[0.1,0,1e+21,5e-324,-12]");
  });

  it("writes BigInt as a decimal string and Date as its ISO string", () => {
    expect(canonicalJson({ n: 12345678901234567890n, at: new Date(Date.UTC(2026, 0, 1)) })).toBe(
      '{"at":"2026-01-01T00:00:00.000Z","n":"12345678901234567890"}',
    );
  });

  it("drops undefined members", () => {
    expect(canonicalJson({ a: undefined, b: 2 })).toBe('{"b":2}');
  });

  it.each([
    ["NaN", { a: NaN }, "non-finite number NaN at a"],
    ["Infinity", { a: [1, Infinity] }, "non-finite number Infinity at a[1]"],
    ["an undefined array element", [undefined], "unsupported value of type undefined at [0]"],
    ["a function", { f: () => 1 }, "unsupported value of type function at f"],
    ["a Map", { m: new Map() }, "unsupported object of class Map at m"],
    ["an invalid Date", { d: new Date("nope") }, "invalid Date at d"],
  ])("refuses %s and names where it is", (_label, value, message) => {
    expect(() => canonicalJson(value)).toThrow(CanonicalEncodingError);
    expect(() => canonicalJson(value)).toThrow(message);
  });

  it("refuses cycles but accepts shared references", () => {
    const shared = { x: 1 };
    expect(canonicalJson({ a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow("circular reference at self");
  });
});

describe("hashEvent", () => {
  it("matches a known-answer vector", () => {
    expect(chainedText(event, GENESIS_HASH)).toBe(
      '{"action":"request.submitted","actorId":"user-1","actorType":"USER",' +
        '"data":{"kind":"GRANT","scope":{"role":"read","system":"pg-main"},"ttlDays":7},' +
        '"entityId":"req-1","entityType":"AccessRequest","occurredAt":"2026-01-02T03:04:05.678Z",' +
        `"prevHash":"${GENESIS_HASH}","requestId":null,"seq":"1"}`,
    );
    // Computed independently with `printf '%s' '<text above>' | sha256sum`.
    expect(hashEvent(event, GENESIS_HASH)).toBe(
      "a56cda6f1a3ead922ca9f28d120d085ccbffcd508d91b8b7865e517d4f1ad028",
    );
  });

  it("hashes exactly canonicalJson of the chained fields", () => {
    fc.assert(
      fc.property(
        fc.record({
          seq: fc.bigInt({ min: 1n, max: 2n ** 63n - 1n }),
          occurredAt: fc.date({ min: new Date(0), max: new Date("9999-12-31T23:59:59.999Z"), noInvalidDate: true }),
          actorType: fc.constantFrom("USER", "SYSTEM", "API_TOKEN"),
          actorId: fc.option(fc.string(), { nil: null }),
          action: fc.string(),
          entityType: fc.string(),
          entityId: fc.string(),
          requestId: fc.option(fc.string(), { nil: null }),
          data: fc.dictionary(fc.string(), fc.jsonValue()),
        }),
        fc.string({ unit: fc.constantFrom(..."0123456789abcdef"), minLength: 64, maxLength: 64 }),
        (fields, prevHash) => {
          expect(chainedText(fields, prevHash)).toBe(canonicalJson({ ...fields, prevHash }));
        },
      ),
    );
  });

  it("does not depend on the key order of data", () => {
    const reordered = { ...event, data: { kind: "GRANT", scope: { role: "read", system: "pg-main" }, ttlDays: 7 } };
    expect(hashEvent(reordered, GENESIS_HASH)).toBe(hashEvent(event, GENESIS_HASH));
  });

  it("treats a missing optional id like null", () => {
    expect(hashEvent({ ...event, requestId: undefined }, GENESIS_HASH)).toBe(hashEvent(event, GENESIS_HASH));
  });

  const changes: [string, Partial<ChainedFields>][] = [
    ["seq", { seq: 2n }],
    ["occurredAt (one millisecond)", { occurredAt: new Date("2026-01-02T03:04:05.679Z") }],
    ["actorType", { actorType: "SYSTEM" }],
    ["actorId", { actorId: "user-2" }],
    ["actorId to null", { actorId: null }],
    ["action", { action: "request.approved" }],
    ["entityType", { entityType: "Grant" }],
    ["entityId", { entityId: "req-2" }],
    ["requestId", { requestId: "req-1" }],
    ["data (nested value)", { data: { ttlDays: 7, scope: { system: "pg-main", role: "write" }, kind: "GRANT" } }],
    ["data (number to string)", { data: { ttlDays: "7", scope: { system: "pg-main", role: "read" }, kind: "GRANT" } }],
    ["data (extra member)", { data: { ttlDays: 7, scope: { system: "pg-main", role: "read" }, kind: "GRANT", x: null } }],
  ];

  it.each(changes)("changes when %s changes", (_field, change) => {
    expect(hashEvent({ ...event, ...change }, GENESIS_HASH)).not.toBe(hashEvent(event, GENESIS_HASH));
  });

  it("changes when prevHash changes", () => {
    expect(hashEvent(event, "1".padStart(64, "0"))).not.toBe(hashEvent(event, GENESIS_HASH));
  });

  it("is 64 lowercase hex characters", () => {
    expect(hashEvent(event, GENESIS_HASH)).toMatch(/^[0-9a-f]{64}$/);
  });
});
