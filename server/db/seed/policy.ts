import type { Prisma } from "@/server/db/generated/client";
import { canonicalJson, sha256Hex } from "@/server/domain/audit/canonical";
import { POLICY_V1_DOCUMENT } from "./policy-document";
import { addMs, days, stream } from "./random";

export interface PolicySeed {
  version: Prisma.PolicyVersionCreateManyInput;
  workflows: Prisma.WorkflowCreateManyInput[];
  workflowIds: Map<string, string>;
}

/** The document exactly as it will be stored in the jsonb column (readonly tuples become plain arrays). */
export function policyDocumentJson(): Prisma.InputJsonObject {
  return JSON.parse(canonicalJson(POLICY_V1_DOCUMENT)) as Prisma.InputJsonObject;
}

/** SHA-256 over the canonical JSON of the document: the version's identity. */
export function policyContentHash(document: unknown): string {
  return sha256Hex(canonicalJson(document));
}

export function buildPolicy(publishedById: string, now: Date): PolicySeed {
  const rng = stream("policy");
  const document = policyDocumentJson();
  const publishedAt = addMs(now, -days(95));
  const version: Prisma.PolicyVersionCreateManyInput = {
    id: rng.uuid(),
    version: 1,
    contentHash: policyContentHash(document),
    document,
    note: "Initial policy: risk tiers, TTL caps, pre-approved patterns, seven workflows and three toxic pairs.",
    publishedById,
    publishedAt,
    createdAt: publishedAt,
  };
  const workflowIds = new Map<string, string>();
  const workflows = POLICY_V1_DOCUMENT.workflows.map((wf) => {
    const id = rng.uuid();
    workflowIds.set(wf.key, id);
    return {
      id,
      policyVersionId: version.id!,
      key: wf.key,
      name: wf.name,
      stages: JSON.parse(canonicalJson(wf.stages)) as Prisma.InputJsonArray,
      createdAt: publishedAt,
      updatedAt: publishedAt,
    };
  });
  return { version, workflows, workflowIds };
}
