import { describe, expect, it } from "vitest";
import { backoffDelayMs } from "@/server/jobs/backoff";
import { slotKey, slotStart } from "@/server/jobs/schedule";

describe("backoff", () => {
  it("doubles from the base delay", () => {
    const options = { baseMs: 1_000, maxMs: 60_000 };
    expect([1, 2, 3, 4, 5].map((n) => backoffDelayMs(n, options))).toEqual([1_000, 2_000, 4_000, 8_000, 16_000]);
  });

  it("never waits longer than the cap, however many attempts failed", () => {
    const options = { baseMs: 1_000, maxMs: 60_000 };
    expect(backoffDelayMs(7, options)).toBe(60_000);
    expect(backoffDelayMs(2_000, options)).toBe(60_000);
  });

  it("treats zero or fewer attempts as the first", () => {
    expect(backoffDelayMs(0, { baseMs: 500, maxMs: 10_000 })).toBe(500);
    expect(backoffDelayMs(-3, { baseMs: 500, maxMs: 10_000 })).toBe(500);
  });

  it("defaults to 30 s doubling up to an hour", () => {
    expect(backoffDelayMs(1)).toBe(30_000);
    expect(backoffDelayMs(3)).toBe(120_000);
    expect(backoffDelayMs(20)).toBe(3_600_000);
  });
});

describe("time slots", () => {
  const minute = 60_000;

  it("starts a slot on the period boundary", () => {
    expect(slotStart(new Date("2026-11-29T04:13:59.999Z"), minute).toISOString()).toBe("2026-11-29T04:13:00.000Z");
    expect(slotStart(new Date("2026-11-29T04:14:00.000Z"), minute).toISOString()).toBe("2026-11-29T04:14:00.000Z");
  });

  it("gives one key to every moment of a period and a new key to the next period", () => {
    const a = slotKey("sla.sweep", new Date("2026-11-29T04:13:00.001Z"), minute);
    const b = slotKey("sla.sweep", new Date("2026-11-29T04:13:59.000Z"), minute);
    const c = slotKey("sla.sweep", new Date("2026-11-29T04:14:00.000Z"), minute);
    expect(a).toBe("sla.sweep@2026-11-29T04:13:00.000Z");
    expect(b).toBe(a);
    expect(c).not.toBe(a);
  });

  it("keeps the job type in the key so two schedules never share a slot", () => {
    const now = new Date("2026-11-29T04:13:00Z");
    expect(slotKey("a", now, minute)).not.toBe(slotKey("b", now, minute));
  });
});
