import { describe, expect, it } from "vitest";
import { escalationDue, reminderDue, undecidedExpiresAt, undecidedExpiryHours, type SlaStage } from "@/server/domain/workflow/sla";

const HOUR = 3_600_000;
const dueAt = new Date("2026-11-28T12:00:00Z");
const stage = (extra: Partial<SlaStage> = {}): SlaStage => ({
  status: "PENDING",
  dueAt,
  slaHours: 24,
  remindedAt: null,
  escalatedAt: null,
  escalationTarget: "user-1",
  ...extra,
});
const at = (ms: number) => new Date(dueAt.getTime() + ms);

describe("reminder", () => {
  it("is due once the stage passes its due time", () => {
    expect(reminderDue(stage(), at(-1))).toBe(false);
    expect(reminderDue(stage(), at(0))).toBe(true);
  });

  it("is sent once, and only for a pending stage with a due time", () => {
    expect(reminderDue(stage({ remindedAt: at(0) }), at(HOUR))).toBe(false);
    expect(reminderDue(stage({ status: "INFO_REQUESTED" }), at(HOUR))).toBe(false);
    expect(reminderDue(stage({ status: "WAITING", dueAt: null }), at(HOUR))).toBe(false);
  });
});

describe("escalation", () => {
  it("is due a second SLA period after the due time", () => {
    expect(escalationDue(stage(), at(24 * HOUR - 1))).toBe(false);
    expect(escalationDue(stage(), at(24 * HOUR))).toBe(true);
    expect(escalationDue(stage({ slaHours: 4 }), at(4 * HOUR))).toBe(true);
  });

  it("needs a target, happens once, and only while the stage is pending", () => {
    expect(escalationDue(stage({ escalationTarget: null }), at(48 * HOUR))).toBe(false);
    expect(escalationDue(stage({ escalatedAt: at(24 * HOUR) }), at(48 * HOUR))).toBe(false);
    expect(escalationDue(stage({ status: "APPROVED" }), at(48 * HOUR))).toBe(false);
  });
});

describe("expiry undecided", () => {
  it("reads the pinned policy's limit and falls back to 7 days", () => {
    expect(undecidedExpiryHours({ approvals: { undecidedExpiryHours: 72 } })).toBe(72);
    expect(undecidedExpiryHours({ approvals: {} })).toBe(168);
    expect(undecidedExpiryHours({ approvals: { undecidedExpiryHours: "72" } })).toBe(168);
    expect(undecidedExpiryHours({ approvals: { undecidedExpiryHours: 0 } })).toBe(168);
    expect(undecidedExpiryHours(null)).toBe(168);
    expect(undecidedExpiryHours([1, 2])).toBe(168);
  });

  it("counts from the submission", () => {
    expect(undecidedExpiresAt(new Date("2026-11-20T08:30:00Z"), 168).toISOString()).toBe("2026-11-27T08:30:00.000Z");
  });
});
