import type { Prisma } from "@/server/db/generated/client";
import { CATALOGUE, type EntitlementDef } from "./catalogue-data";
import { days, stream } from "./random";
import type { SystemSeed } from "./systems";

export interface EntitlementSeed extends EntitlementDef {
  id: string;
  system: SystemSeed;
  /** "system-key:entitlement-key", the name policy rules use. */
  ref: string;
}

export function buildCatalogue(systems: SystemSeed[]): EntitlementSeed[] {
  const rng = stream("catalogue");
  return systems.flatMap((system) => {
    const defs = CATALOGUE[system.key];
    if (!defs) throw new Error(`no catalogue for system ${system.key}`);
    return defs.map((def) => ({ ...def, id: rng.uuid(), system, ref: `${system.key}:${def.key}` }));
  });
}

function describe(e: EntitlementSeed): string {
  const ttl = e.maxTtlHours === null ? "no time limit" : `at most ${e.maxTtlHours} h per grant`;
  const flags = [e.privileged ? "privileged" : null, e.requestable ? null : "not requestable (managed by the platform team)"]
    .filter(Boolean)
    .join(", ");
  return `${e.name} on ${e.system.name}; ${ttl}${flags ? `; ${flags}` : ""}.`;
}

export function entitlementRows(catalogue: EntitlementSeed[], now: Date): Prisma.EntitlementCreateManyInput[] {
  const rng = stream("catalogue-dates");
  return catalogue.map((e) => {
    const createdAt = new Date(now.getTime() - days(rng.int(95, 100)));
    return {
      id: e.id,
      systemId: e.system.id,
      key: e.key,
      name: e.name,
      description: describe(e),
      scope: e.scope,
      riskTier: e.riskTier,
      privileged: e.privileged,
      maxTtlHours: e.maxTtlHours,
      requestable: e.requestable ?? true,
      createdAt,
      updatedAt: createdAt,
    };
  });
}
