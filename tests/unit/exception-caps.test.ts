import { describe, expect, it } from "vitest";
import { exceptionGrantWindow } from "@/server/domain/exceptions/caps";

const now = new Date("2026-11-29T10:00:00.000Z");
const at = (hours: number) => new Date(now.getTime() + hours * 3_600_000);
const ticket = (over: Partial<Parameters<typeof exceptionGrantWindow>[0]> = {}) => ({
  exceptionType: "EMERGENCY" as const,
  expiresAt: at(4),
  vendorWindowStart: null,
  vendorWindowEnd: null,
  ...over,
});

describe("exceptionGrantWindow", () => {
  it("keeps a ticket that is no exception as it is, also without an expiry", () => {
    expect(exceptionGrantWindow(ticket({ exceptionType: null, expiresAt: null }), { maxTtlHours: 4 }, now)).toEqual({ notBefore: null, expiresAt: null });
    expect(exceptionGrantWindow(ticket({ exceptionType: null, expiresAt: at(900) }), { maxTtlHours: 4 }, now)).toEqual({ notBefore: null, expiresAt: at(900) });
  });

  it("caps an emergency grant at maxTtlHours from the grant, even when approved for longer", () => {
    expect(exceptionGrantWindow(ticket({ expiresAt: at(30) }), { maxTtlHours: 4 }, now)).toEqual({ notBefore: null, expiresAt: at(4) });
    // Granted later than asked (a retry): the cap counts from the grant, the ticket's expiry still holds.
    expect(exceptionGrantWindow(ticket({ expiresAt: at(3) }), { maxTtlHours: 4 }, now)).toEqual({ notBefore: null, expiresAt: at(3) });
  });

  it("caps by the ticket's expiry alone when the policy no longer defines the type", () => {
    expect(exceptionGrantWindow(ticket({ expiresAt: at(30) }), null, now)).toEqual({ notBefore: null, expiresAt: at(30) });
    expect(exceptionGrantWindow(ticket({ expiresAt: null }), null, now)).toEqual({ notBefore: null, expiresAt: null });
  });

  it("holds a vendor session until its window opens and counts the cap from there", () => {
    const vendor = ticket({ exceptionType: "VENDOR", vendorWindowStart: at(2), vendorWindowEnd: at(20), expiresAt: at(20) });
    expect(exceptionGrantWindow(vendor, { maxTtlHours: 8 }, now)).toEqual({ notBefore: at(2), expiresAt: at(10) });
  });

  it("ends a vendor session with its window when that comes first", () => {
    const vendor = ticket({ exceptionType: "VENDOR", vendorWindowStart: at(-1), vendorWindowEnd: at(3), expiresAt: at(6) });
    expect(exceptionGrantWindow(vendor, { maxTtlHours: 8 }, now)).toEqual({ notBefore: null, expiresAt: at(3) });
  });

  it("gives a window that is already over an expiry no later than now", () => {
    const vendor = ticket({ exceptionType: "VENDOR", vendorWindowStart: at(-5), vendorWindowEnd: at(-1), expiresAt: at(-1) });
    const window = exceptionGrantWindow(vendor, { maxTtlHours: 8 }, now);
    expect(window.notBefore).toBeNull();
    expect(window.expiresAt!.getTime()).toBeLessThanOrEqual(now.getTime());
  });
});
