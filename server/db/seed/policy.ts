import type { Prisma } from "@/server/db/generated/client";
import { canonicalJson } from "@/server/domain/audit/canonical";
import { defaultPolicyDocument } from "@/server/domain/policy/default-document";
import { policyContentHash as hashDocument } from "@/server/domain/policy/hash";
import { validatePolicyDocument } from "@/server/domain/policy/schema";
import { POLICY_V1_DOCUMENT } from "./policy-document";
import { addMs, days, stream } from "./random";

export interface PolicySeed {
  version: Prisma.PolicyVersionCreateManyInput;
  workflows: Prisma.WorkflowCreateManyInput[];
  workflowIds: Map<string, string>;
}

/** The validated document exactly as it will be stored in the jsonb column. */
export function policyDocumentJson(): Prisma.InputJsonObject {
  return JSON.parse(canonicalJson(defaultPolicyDocument())) as Prisma.InputJsonObject;
}

/** The engine's content hash of a stored document, which must validate. */
export function policyContentHash(document: unknown): string {
  const result = validatePolicyDocument(document);
  if (!result.ok) throw new Error(`seed: stored policy document is invalid (${result.errors[0]?.path}: ${result.errors[0]?.rule})`);
  return hashDocument(result.document);
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
