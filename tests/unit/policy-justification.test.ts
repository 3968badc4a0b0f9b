import { describe, expect, it } from "vitest";
import { checkJustification } from "@/server/domain/policy/justification";
import { defaultDoc } from "./policy-fixtures";

const doc = defaultDoc();
const rule = (text: string | null) => {
  const r = checkJustification(text, doc);
  return r.ok ? "ok" : r.rule;
};

describe("business justification", () => {
  it("accepts a justification that says what the access is for", () => {
    expect(rule("Investigate INC-4211: failed refunds in the orders database since Monday.")).toBe("ok");
    expect(rule("Run the load test against staging before the 4.2 release goes out.")).toBe("ok");
  });

  it("refuses a missing or short justification", () => {
    expect(rule(null)).toBe("justification-required");
    expect(rule("   ")).toBe("justification-required");
    expect(rule("Quarterly reporting")).toBe("justification-min-length");
  });

  it("refuses filler padded to length", () => {
    expect(rule("please need access asap for work please asap")).toBe("justification-filler");
    expect(rule("Need access, please! ASAP. n/a. Test test test.")).toBe("justification-filler");
    expect(rule("access access access access access access access")).toBe("justification-filler");
  });
});
