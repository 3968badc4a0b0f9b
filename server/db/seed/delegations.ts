import type { DelegationSeed } from "./org";
import type { PersonSeed } from "./people";
import { addMs, days, stream } from "./random";

/** Approvers away from work, past, present and future, so delegation shows up in every state. */
export function buildDelegations(person: (email: string) => PersonSeed, now: Date): DelegationSeed[] {
  const rng = stream("delegations");
  const rows: [string, string, number, number, string][] = [
    ["sofia.lindqvist", "omar.haddad", -3, 4, "Annual leave; Omar covers orders-team approvals."],
    ["isabel.moreno", "priya.raman", -40, -30, "Conference and travel."],
    ["raj.patel", "helen.carter", -20, -15, "Out of office; payments approvals go to the CFO."],
    ["avery.approver", "sofia.lindqvist", 10, 17, "Planned leave over the holidays."],
    // Away this week: Avery decides for her own manager, on Priya's behalf.
    ["priya.raman", "avery.approver", -2, 4, "Leadership off-site; Avery covers engineering approvals."],
  ];
  return rows.map(([from, to, start, end, reason]) => ({
    id: rng.uuid(),
    delegator: person(`${from}@acme.example`),
    delegate: person(`${to}@acme.example`),
    startsAt: addMs(now, days(start)),
    endsAt: addMs(now, days(end)),
    reason,
  }));
}
