import { describe, expect, it } from "vitest";
import { expiryState, rotationStatus, scopeLines, scopeSummary } from "@/server/domain/identities/clock";

const now = new Date("2026-06-01T12:00:00Z");
const days = (n: number) => new Date(now.getTime() + n * 86_400_000);

describe("expiryState", () => {
  it("reads no end date, later, within seven days and past", () => {
    expect(expiryState(null, now)).toBe("none");
    expect(expiryState(days(30), now)).toBe("ok");
    expect(expiryState(days(7), now)).toBe("soon");
    expect(expiryState(days(0.5), now)).toBe("soon");
    expect(expiryState(now, now)).toBe("overdue");
    expect(expiryState(days(-1), now)).toBe("overdue");
  });
});

describe("rotationStatus", () => {
  const live = (issuedDaysAgo: number) => ({ issuedAt: days(-issuedDaysAgo), expiresAt: null, revokedAt: null });

  it("judges a live credential's age against the identity's rotation period", () => {
    expect(rotationStatus(live(10), 90, now)).toEqual({ state: "ok", dueAt: days(80) });
    expect(rotationStatus(live(85), 90, now).state).toBe("due_soon");
    expect(rotationStatus(live(90), 90, now).state).toBe("overdue");
    expect(rotationStatus(live(120), 90, now)).toEqual({ state: "overdue", dueAt: days(-30) });
  });

  it("has nothing to judge without a period, and nothing to rotate once revoked or expired", () => {
    expect(rotationStatus(live(500), null, now)).toEqual({ state: "no_period", dueAt: null });
    expect(rotationStatus({ issuedAt: days(-200), expiresAt: null, revokedAt: days(-1) }, 90, now).state).toBe("revoked");
    expect(rotationStatus({ issuedAt: days(-200), expiresAt: days(-100), revokedAt: null }, 90, now).state).toBe("expired");
    // A revocation dated in the future has not happened yet.
    expect(rotationStatus({ issuedAt: days(-1), expiresAt: null, revokedAt: days(1) }, 90, now).state).toBe("ok");
  });
});

describe("scopeSummary", () => {
  it("puts a scope on one line and cuts it", () => {
    expect(scopeSummary({ database: "orders", role: "orders_rw", privileges: ["SELECT", "INSERT"] })).toBe("database: orders · role: orders_rw · privileges: SELECT, INSERT");
    expect(scopeSummary(null)).toBe("whole entitlement");
    expect(scopeSummary({})).toBe("whole entitlement");
    expect(scopeSummary({ limit: { perDay: 5 } })).toBe('limit: {"perDay":5}');
    const long = scopeSummary({ namespaces: Array.from({ length: 50 }, (_, i) => `ns-${i}`) }, 40);
    expect(long).toHaveLength(40);
    expect(long.endsWith("…")).toBe(true);
  });
});

describe("scopeLines", () => {
  it("gives one line per key in the scope's order, each cut", () => {
    expect(scopeLines({ role: "orders_read", privileges: ["SELECT"] })).toEqual(["role: orders_read", "privileges: SELECT"]);
    expect(scopeLines(null)).toEqual([]);
    expect(scopeLines({ note: "x".repeat(200) }, 20)[0]).toHaveLength(20);
  });
});
