import { describe, expect, it } from "vitest";
import { formatRequestNumber, parseRequestNumber } from "@/server/domain/requests/number";

describe("formatRequestNumber", () => {
  it("pads to six digits behind AR-", () => {
    expect(formatRequestNumber(1)).toBe("AR-000001");
    expect(formatRequestNumber(123)).toBe("AR-000123");
    expect(formatRequestNumber(999_999)).toBe("AR-999999");
    expect(formatRequestNumber(12n)).toBe("AR-000012");
  });

  it("grows wider instead of truncating past a million", () => {
    expect(formatRequestNumber(1_234_567)).toBe("AR-1234567");
  });

  it.each([0, -1, 1.5, Number.NaN])("refuses %s", (n) => {
    expect(() => formatRequestNumber(n)).toThrow(RangeError);
  });

  it("round-trips through parseRequestNumber", () => {
    for (const n of [1, 42, 123, 999_999, 1_000_000]) {
      expect(parseRequestNumber(formatRequestNumber(n))).toBe(n);
    }
    expect(parseRequestNumber("ar-000123")).toBe(123);
    expect(parseRequestNumber(" 77 ")).toBe(77);
    expect(parseRequestNumber("AR-")).toBeNull();
    expect(parseRequestNumber("AR-0")).toBeNull();
    expect(parseRequestNumber("BR-000123")).toBeNull();
  });
});
