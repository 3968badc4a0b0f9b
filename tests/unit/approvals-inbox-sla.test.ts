import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatCountdown, SLA_TONE, slaDisplay } from "@/components/approvals/inbox/sla-format";
import { SLA_STATES } from "@/server/domain/approvals/inbox-input";

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const due = new Date("2026-11-28T12:00:00Z");
const at = (msBeforeDue: number) => new Date(due.getTime() - msBeforeDue);

describe("formatCountdown", () => {
  it("shows the two largest units", () => {
    expect(formatCountdown(3 * HOUR + 12 * MINUTE)).toBe("3 h 12 min");
    expect(formatCountdown(2 * DAY + 4 * HOUR)).toBe("2 d 4 h");
    expect(formatCountdown(45 * MINUTE)).toBe("45 min");
  });

  it("drops a smaller unit that is zero and never shows a third one", () => {
    expect(formatCountdown(3 * HOUR)).toBe("3 h");
    expect(formatCountdown(3 * HOUR + 30 * SECOND)).toBe("3 h");
    expect(formatCountdown(2 * DAY)).toBe("2 d");
    expect(formatCountdown(2 * DAY + 59 * MINUTE)).toBe("2 d");
    expect(formatCountdown(2 * DAY + 4 * HOUR + 59 * MINUTE)).toBe("2 d 4 h");
  });

  it("rounds down, so a countdown never promises more time than is left", () => {
    expect(formatCountdown(3 * HOUR + 12 * MINUTE + 59 * SECOND)).toBe("3 h 12 min");
    expect(formatCountdown(2 * MINUTE - 1)).toBe("1 min");
    expect(formatCountdown(DAY - 1)).toBe("23 h 59 min");
    expect(formatCountdown(HOUR - 1)).toBe("59 min");
  });

  it("says under a minute below one minute, and switches to minutes at exactly one", () => {
    expect(formatCountdown(0)).toBe("under a minute");
    expect(formatCountdown(1)).toBe("under a minute");
    expect(formatCountdown(MINUTE - 1)).toBe("under a minute");
    expect(formatCountdown(MINUTE)).toBe("1 min");
  });

  it("switches to hours and days at exactly one of each", () => {
    expect(formatCountdown(HOUR)).toBe("1 h");
    expect(formatCountdown(DAY)).toBe("1 d");
    expect(formatCountdown(DAY + HOUR)).toBe("1 d 1 h");
  });

  it("keeps counting in days past a week", () => {
    expect(formatCountdown(10 * DAY + 5 * HOUR + 30 * MINUTE)).toBe("10 d 5 h");
    expect(formatCountdown(400 * DAY)).toBe("400 d");
  });

  it("reads the same for time left and time overdue", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000 * DAY }), (ms) => {
        expect(formatCountdown(-ms)).toBe(formatCountdown(ms));
      }),
    );
  });

  it("is always one of the short forms", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_000 * DAY, max: 1_000 * DAY }), (ms) => {
        expect(formatCountdown(ms)).toMatch(/^(under a minute|[1-9]\d* d( ([1-9]|1\d|2[0-3]) h)?|([1-9]|1\d|2[0-3]) h( ([1-9]|[1-5]\d) min)?|([1-9]|[1-5]\d) min)$/);
      }),
    );
  });
});

describe("slaDisplay", () => {
  it("counts down to the deadline in the server's state", () => {
    expect(slaDisplay(due, "ok", at(3 * HOUR + 12 * MINUTE))).toEqual({ state: "ok", text: "Due in 3 h 12 min" });
    expect(slaDisplay(due, "due_soon", at(45 * MINUTE))).toEqual({ state: "due_soon", text: "Due in 45 min" });
    expect(slaDisplay(due, "ok", at(2 * DAY + 4 * HOUR))).toEqual({ state: "ok", text: "Due in 2 d 4 h" });
  });

  it("counts up once the deadline has passed", () => {
    expect(slaDisplay(due, "overdue", at(-(2 * DAY + 4 * HOUR)))).toEqual({ state: "overdue", text: "Overdue by 2 d 4 h" });
    expect(slaDisplay(due, "overdue", at(-5 * MINUTE))).toEqual({ state: "overdue", text: "Overdue by 5 min" });
  });

  it("is still due, not overdue, at exactly the deadline", () => {
    expect(slaDisplay(due, "due_soon", due)).toEqual({ state: "due_soon", text: "Due in under a minute" });
    expect(slaDisplay(due, "ok", due)).toEqual({ state: "ok", text: "Due in under a minute" });
  });

  it("turns overdue one millisecond after the deadline, whatever the server said", () => {
    for (const state of SLA_STATES) {
      expect(slaDisplay(due, state, at(-1))).toEqual({ state: "overdue", text: "Overdue by under a minute" });
    }
  });

  it("turns a page rendered while due soon overdue as the deadline passes", () => {
    const rendered = slaDisplay(due, "due_soon", at(MINUTE));
    const later = slaDisplay(due, "due_soon", at(-MINUTE));
    expect(rendered).toEqual({ state: "due_soon", text: "Due in 1 min" });
    expect(later).toEqual({ state: "overdue", text: "Overdue by 1 min" });
  });

  it("shows an overdue from the server as due soon while this clock is still before the deadline", () => {
    expect(slaDisplay(due, "overdue", at(30 * SECOND))).toEqual({ state: "due_soon", text: "Due in under a minute" });
    expect(slaDisplay(due, "overdue", due)).toEqual({ state: "due_soon", text: "Due in under a minute" });
  });

  it("agrees in state and wording on either side of the deadline", () => {
    fc.assert(
      fc.property(fc.integer({ min: -30 * DAY, max: 30 * DAY }), fc.constantFrom(...SLA_STATES), (msBeforeDue, state) => {
        const shown = slaDisplay(due, state, at(msBeforeDue));
        if (msBeforeDue < 0) {
          expect(shown.state).toBe("overdue");
          expect(shown.text).toBe(`Overdue by ${formatCountdown(msBeforeDue)}`);
        } else {
          expect(shown.state).not.toBe("overdue");
          expect(shown.text).toBe(`Due in ${formatCountdown(msBeforeDue)}`);
        }
      }),
    );
  });
});

describe("SLA colours", () => {
  it("are red when overdue, amber when due soon and green on track", () => {
    expect(SLA_TONE.overdue.chip).toContain("red");
    expect(SLA_TONE.overdue.dot).toContain("red");
    expect(SLA_TONE.due_soon.chip).toContain("amber");
    expect(SLA_TONE.due_soon.dot).toContain("amber");
    expect(SLA_TONE.ok.chip).toContain("green");
    expect(SLA_TONE.ok.dot).toContain("green");
  });

  it("change from amber to red as the deadline passes", () => {
    expect(SLA_TONE[slaDisplay(due, "due_soon", due).state].chip).toContain("amber");
    expect(SLA_TONE[slaDisplay(due, "due_soon", at(-1)).state].chip).toContain("red");
  });
});
