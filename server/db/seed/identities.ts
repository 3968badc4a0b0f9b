import type { IdentityStatus, Prisma } from "@/server/db/generated/client";
import { NHI_DEFS, VENDOR_DEFS, type NhiDef, type VendorDef } from "./nhi-data";
import { emailOf, type PersonSeed } from "./people";
import { days, stream } from "./random";

export interface IdentitySeed {
  id: string;
  kind: "HUMAN" | "NHI";
  name: string;
  displayName: string;
  status: IdentityStatus;
  /** The person this identity is (HUMAN with a user). */
  person?: PersonSeed;
  nhi?: NhiDef;
  vendor?: VendorDef;
  ownerEmail: string | null;
  backupEmail: string | null;
  /** Catalogue items ("system:entitlement") an NHI or vendor plausibly requests. */
  uses: string[];
}

export function buildIdentities(people: PersonSeed[]): IdentitySeed[] {
  const rng = stream("identities");
  const humans: IdentitySeed[] = people.map((person) => ({
    id: rng.uuid(),
    kind: "HUMAN",
    name: person.email.split("@")[0]!,
    displayName: person.name,
    status: person.active ? "ACTIVE" : "SUSPENDED",
    person,
    ownerEmail: null,
    backupEmail: null,
    uses: [],
  }));
  const vendors: IdentitySeed[] = VENDOR_DEFS.map((vendor) => ({
    id: rng.uuid(),
    kind: "HUMAN",
    name: vendor.name,
    displayName: vendor.displayName,
    status: "ACTIVE",
    vendor,
    ownerEmail: emailOf(vendor.sponsor),
    backupEmail: null,
    uses: vendor.uses,
  }));
  const nhis: IdentitySeed[] = NHI_DEFS.map((nhi) => ({
    id: rng.uuid(),
    kind: "NHI",
    name: nhi.name,
    displayName: nhi.displayName,
    status: nhi.status ?? "ACTIVE",
    nhi,
    ownerEmail: emailOf(nhi.owner),
    backupEmail: nhi.backup ? emailOf(nhi.backup) : null,
    uses: nhi.uses,
  }));
  return [...humans, ...vendors, ...nhis];
}

export function identityRows(
  identities: IdentitySeed[],
  userId: (email: string) => string,
  now: Date,
): Prisma.IdentityCreateManyInput[] {
  const rng = stream("identities-dates");
  return identities.map((i) => {
    const createdAt = new Date(now.getTime() - days(rng.int(100, 400)));
    const base = {
      id: i.id,
      kind: i.kind,
      name: i.name,
      displayName: i.displayName,
      status: i.status,
      ownerId: i.ownerEmail ? userId(i.ownerEmail) : null,
      backupOwnerId: i.backupEmail ? userId(i.backupEmail) : null,
      createdAt,
      updatedAt: createdAt,
    };
    if (i.person) return { ...base, userId: i.person.id, description: `${i.person.title}, ${i.person.department}` };
    if (i.vendor) return { ...base, description: `${i.vendor.description} Sponsored by ${i.vendor.sponsor}.` };
    const n = i.nhi!;
    return {
      ...base,
      description: n.description,
      nhiType: n.type,
      workload: n.workload,
      environment: n.environment,
      dependencies: n.dependencies,
      credentialScope: n.credentialScope,
      rotationPeriodDays: n.rotationPeriodDays,
      lastRotatedAt: new Date(now.getTime() - days(n.lastRotatedDaysAgo)),
      updatedAt: new Date(now.getTime() - days(Math.min(n.lastRotatedDaysAgo, 90))),
    };
  });
}
