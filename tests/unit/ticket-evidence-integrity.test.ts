import { describe, expect, it } from "vitest";
import { GENESIS_HASH, hashEvent } from "@/server/domain/audit/canonical";
import { checkEvent, type StoredEvent } from "@/server/domain/evidence/ticket-view-integrity";

/** A small chain written the way the portal writes it: each hash over the event and the previous hash. */
function chain(length: number): StoredEvent[] {
  const events: StoredEvent[] = [];
  let prevHash = GENESIS_HASH;
  for (let i = 1; i <= length; i++) {
    const fields = {
      seq: BigInt(i),
      occurredAt: new Date(Date.UTC(2026, 0, 1, 12, 0, i)),
      actorType: "USER",
      actorId: `user-${i}`,
      action: "approval.approved",
      entityType: "AccessRequest",
      entityId: "ticket-1",
      requestId: "ticket-1",
      data: { stage: "Manager", position: 0, comment: `decision ${i}` },
    };
    const hash = hashEvent(fields, prevHash);
    events.push({ ...fields, id: `event-${i}`, actorName: `Person ${i}`, prevHash, hash });
    prevHash = hash;
  }
  return events;
}

describe("checkEvent", () => {
  it("accepts every event of an intact chain, the first one against the genesis hash", () => {
    const events = chain(3);
    expect(checkEvent(events[0]!, undefined)).toEqual({ integrity: "ok", problem: null });
    expect(checkEvent(events[1]!, events[0]!.hash)).toEqual({ integrity: "ok", problem: null });
    expect(checkEvent(events[2]!, events[1]!.hash)).toEqual({ integrity: "ok", problem: null });
  });

  it("finds edited content: data, timestamp or actor", () => {
    const [first, second] = chain(2);
    expect(checkEvent({ ...second!, data: { stage: "Manager", position: 0, comment: "changed" } }, first!.hash).integrity).toBe("content altered");
    expect(checkEvent({ ...second!, occurredAt: new Date(second!.occurredAt.getTime() + 1) }, first!.hash).integrity).toBe("content altered");
    expect(checkEvent({ ...second!, actorId: "someone-else" }, first!.hash).integrity).toBe("content altered");
  });

  it("calls content the portal could never have written altered, instead of failing", () => {
    const [first, second] = chain(2);
    const check = checkEvent({ ...second!, data: { amount: Number.POSITIVE_INFINITY } }, first!.hash);
    expect(check.integrity).toBe("content altered");
    expect(check.problem).toMatch(/cannot have been written by the portal/);
  });

  it("finds a broken link when the predecessor was replaced or removed", () => {
    const [, second, third] = chain(3);
    expect(checkEvent(third!, "f".repeat(64))).toEqual({ integrity: "link broken", problem: expect.stringMatching(/does not match the hash of seq 2/) });
    expect(checkEvent(third!, undefined)).toEqual({ integrity: "link broken", problem: expect.stringMatching(/No event at seq 2/) });
    expect(checkEvent(second!, second!.prevHash).integrity).toBe("ok");
  });

  it("reports altered content before a broken link", () => {
    const [, second] = chain(2);
    expect(checkEvent({ ...second!, action: "approval.denied" }, undefined).integrity).toBe("content altered");
  });
});
