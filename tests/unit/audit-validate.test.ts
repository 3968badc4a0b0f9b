import { describe, expect, it } from "vitest";
import { validateAuditEvent, type AuditEventInput } from "@/server/domain/audit/validate";
import { AppError } from "@/server/domain/errors";

const base: AuditEventInput = { actorType: "SYSTEM", action: "job.completed", entityType: "Job", entityId: "j-1" };

function fieldOf(input: Record<string, unknown>): string | undefined {
  try {
    validateAuditEvent({ ...base, ...input } as AuditEventInput);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("BAD_REQUEST");
    return (error as AppError).field;
  }
}

describe("validateAuditEvent", () => {
  it("normalises data to what a jsonb column gives back", () => {
    const valid = validateAuditEvent({
      ...base,
      data: { b: 2n, a: new Date("2026-01-01T00:00:00.000Z"), gone: undefined, list: [1, "x", null] },
    });
    expect(valid.data).toEqual({ a: "2026-01-01T00:00:00.000Z", b: "2", list: [1, "x", null] });
    expect(Object.keys(valid.data)).toEqual(["a", "b", "list"]);
  });

  it("fills absent optional fields with null and data with an empty object", () => {
    expect(validateAuditEvent(base)).toEqual({ ...base, actorId: null, requestId: null, data: {} });
  });

  it.each(["request.submitted", "grant.revoked", "policy.version_published", "a.b.c", "job2.step3"])(
    "accepts the action %s",
    (action) => {
      expect(fieldOf({ action })).toBeUndefined();
    },
  );

  it.each(["", "submitted", "Request.submitted", "request.", ".request", "request..submitted", "request submitted", "request.Submitted", "1request.x"])(
    "refuses the action %j",
    (action) => {
      expect(fieldOf({ action })).toBe("action");
    },
  );

  it.each<[string, Record<string, unknown>, string]>([
    ["empty entityType", { entityType: "" }, "entityType"],
    ["entityId of blanks", { entityId: " \t" }, "entityId"],
    ["entityId that is not a string", { entityId: 42 }, "entityId"],
    ["overlong entityType", { entityType: "x".repeat(201) }, "entityType"],
    ["empty actorId", { actorId: "" }, "actorId"],
    ["empty requestId", { requestId: "" }, "requestId"],
    ["unknown actorType", { actorType: "ROBOT" }, "actorType"],
    ["USER without actorId", { actorType: "USER" }, "actorId"],
    ["data that is a string", { data: "text" }, "data"],
    ["data with Infinity", { data: { x: Infinity } }, "data"],
    ["data with a lone surrogate", { data: { x: "\uD800" } }, "data"],
    ["data with a NUL in a key", { data: { "a\u0000": 1 } }, "data"],
    ["data with a cycle", { data: (() => { const o: Record<string, unknown> = {}; o.o = o; return o; })() }, "data"],
  ])("refuses %s, naming the field", (_label, input, field) => {
    expect(fieldOf(input)).toBe(field);
  });

  it("says where in data the problem is", () => {
    expect(() => validateAuditEvent({ ...base, data: { outer: { list: [1, NaN] } } })).toThrow(
      "data cannot be stored as JSON: non-finite number NaN at outer.list[1]",
    );
  });
});
