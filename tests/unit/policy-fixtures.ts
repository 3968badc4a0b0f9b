import { defaultPolicyDocument } from "@/server/domain/policy/default-document";
import { policyContentHash } from "@/server/domain/policy/hash";
import type { PolicyDocument } from "@/server/domain/policy/schema";
import type { PolicyRequest, PublishedPolicy } from "@/server/domain/policy/types";

/** Facts of a request for the policy tests; the base is a person asking for production read access. */
export interface RequestOverrides extends Partial<Omit<PolicyRequest, "subject" | "entitlement" | "requester">> {
  requester?: Partial<PolicyRequest["requester"]>;
  subject?: Partial<PolicyRequest["subject"]>;
  entitlement?: Partial<Omit<PolicyRequest["entitlement"], "system">> & { system?: Partial<PolicyRequest["entitlement"]["system"]> };
}

export function makeRequest(over: RequestOverrides = {}): PolicyRequest {
  const base: PolicyRequest = {
    kind: "GRANT",
    exceptionType: null,
    requester: { id: "u-riley", email: "riley.requester@acme.example", department: "Engineering" },
    subject: {
      id: "i-riley",
      kind: "HUMAN",
      email: "riley.requester@acme.example",
      department: "Engineering",
      ownerEmail: null,
      backupOwnerEmail: null,
      ownerActive: true,
    },
    entitlement: {
      ref: "orders-db:orders_read",
      riskTier: "MEDIUM",
      privileged: false,
      maxTtlHours: null,
      scope: { database: "orders", privileges: ["SELECT"] },
      system: { key: "orders-db", environment: "PRODUCTION", riskTier: "HIGH", ownerEmail: "owner@acme.example", connectorType: "POSTGRES" },
    },
    requestedHours: 24,
  };
  const { requester, subject, entitlement, ...rest } = over;
  const { system, ...ent } = entitlement ?? {};
  return {
    ...base,
    ...rest,
    requester: { ...base.requester, ...requester },
    subject: { ...base.subject, ...subject },
    entitlement: { ...base.entitlement, ...ent, system: { ...base.entitlement.system, ...system } },
  };
}

/** An NHI owned by the requester, with a backup owner. */
export const nhiSubject: RequestOverrides["subject"] = {
  id: "i-orders-api",
  kind: "NHI",
  email: null,
  department: null,
  ownerEmail: "riley.requester@acme.example",
  backupOwnerEmail: "avery.approver@acme.example",
  ownerActive: true,
};

export function defaultDoc(): PolicyDocument {
  return defaultPolicyDocument();
}

/** A copy of the default document changed by `edit`. */
export function editedDoc(edit: (doc: PolicyDocument) => void): PolicyDocument {
  const doc = structuredClone(defaultPolicyDocument());
  edit(doc);
  return doc;
}

export function publish(document: PolicyDocument = defaultPolicyDocument(), version = 1): PublishedPolicy {
  return { id: `policy-v${version}`, version, contentHash: policyContentHash(document), document };
}
