import type { EntitlementSeed } from "./catalogue";
import type { IdentitySeed } from "./identities";
import type { PersonSeed } from "./people";
import type { SystemSeed } from "./systems";

export interface DelegationSeed {
  id: string;
  delegator: PersonSeed;
  delegate: PersonSeed;
  startsAt: Date;
  endsAt: Date;
  reason: string;
}

/** The static part of the demo organisation, with the look-ups the ticket builder needs. */
export interface Org {
  now: Date;
  people: PersonSeed[];
  identities: IdentitySeed[];
  systems: SystemSeed[];
  catalogue: EntitlementSeed[];
  person(email: string): PersonSeed;
  identityOf(person: PersonSeed): IdentitySeed;
  identity(name: string): IdentitySeed;
  entitlement(ref: string): EntitlementSeed;
  managerOf(person: PersonSeed): PersonSeed | null;
  reportsOf(person: PersonSeed): PersonSeed[];
  policyVersionId: string;
  delegations: DelegationSeed[];
  workflowIds: Map<string, string>;
}

export function createOrg(input: Omit<Org, "person" | "identityOf" | "identity" | "entitlement" | "managerOf" | "reportsOf">): Org {
  const byEmail = new Map(input.people.map((p) => [p.email, p]));
  const byName = new Map(input.identities.map((i) => [i.name, i]));
  const byUser = new Map(input.identities.filter((i) => i.person).map((i) => [i.person!.id, i]));
  const byRef = new Map(input.catalogue.map((e) => [e.ref, e]));
  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`seed: unknown ${what}`);
    return value;
  };
  return {
    ...input,
    person: (email) => need(byEmail.get(email), `person ${email}`),
    identityOf: (person) => need(byUser.get(person.id), `identity of ${person.email}`),
    identity: (name) => need(byName.get(name), `identity ${name}`),
    entitlement: (ref) => need(byRef.get(ref), `entitlement ${ref}`),
    managerOf: (person) => (person.managerEmail ? need(byEmail.get(person.managerEmail), "manager") : null),
    reportsOf: (person) => input.people.filter((p) => p.managerEmail === person.email),
  };
}
