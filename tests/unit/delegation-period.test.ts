import { describe, expect, it } from "vitest";
import { describePeriod, overlaps, periodOf, startOfUtcDay, statusOf } from "@/server/domain/delegations/period";

const at = (iso: string) => new Date(iso);

describe("delegation periods", () => {
  it("covers whole UTC days, the last one included", () => {
    const p = periodOf("2026-11-29", "2026-12-02");
    expect(p.startsAt.toISOString()).toBe("2026-11-29T00:00:00.000Z");
    expect(p.endsAt.toISOString()).toBe("2026-12-03T00:00:00.000Z");
    expect(p.days).toBe(4);
    expect(periodOf("2026-11-29", "2026-11-29").days).toBe(1);
    expect(describePeriod(p)).toBe("29 Nov 2026 to 2 Dec 2026");
  });

  it("is upcoming before its start, active until its end, then ended; an empty one was cancelled", () => {
    const p = periodOf("2026-11-29", "2026-11-30");
    expect(statusOf(p, at("2026-11-28T23:59:59Z"))).toBe("upcoming");
    expect(statusOf(p, at("2026-11-29T00:00:00Z"))).toBe("active");
    expect(statusOf(p, at("2026-11-30T23:59:59Z"))).toBe("active");
    expect(statusOf(p, at("2026-12-01T00:00:00Z"))).toBe("ended");
    expect(statusOf({ startsAt: p.startsAt, endsAt: p.startsAt }, at("2026-11-01T00:00:00Z"))).toBe("cancelled");
  });

  it("overlaps only when two periods share an instant; adjacent and empty periods never do", () => {
    const a = periodOf("2026-12-01", "2026-12-03");
    expect(overlaps(a, periodOf("2026-12-03", "2026-12-05"))).toBe(true);
    expect(overlaps(a, periodOf("2026-12-04", "2026-12-05"))).toBe(false);
    expect(overlaps(a, periodOf("2026-11-20", "2026-12-10"))).toBe(true);
    const empty = { startsAt: at("2026-12-02T00:00:00Z"), endsAt: at("2026-12-02T00:00:00Z") };
    expect(overlaps(a, empty)).toBe(false);
  });

  it("takes today as the day the instant falls on in UTC", () => {
    expect(startOfUtcDay(at("2026-11-29T23:30:00+01:00")).toISOString()).toBe("2026-11-29T00:00:00.000Z");
  });
});
