import type { PrismaClient } from "@/server/db/generated/client";
import { AppError } from "@/server/domain/errors";
import type { Actor } from "@/server/domain/identities/requestable";
import type { DecisionReason, SodConflict } from "@/server/domain/policy/types";
import type { ApproverPerson } from "@/server/domain/workflow/resolve-approvers";
import type { RequestInput } from "./input";
import { prepareRequest, type Prepared } from "./prepare";

export interface DecisionPreview {
  route: "AUTO_APPROVE" | "WORKFLOW" | "REJECT";
  /** Granted at once; the workflow reviews it afterwards (a follow-up review ticket). */
  breakGlass: boolean;
  rule: { id: string; description: string | null };
  reasons: DecisionReason[];
  risk: { score: number; tier: string };
  ttlCapHours: number | null;
  expiryRequired: boolean;
  preApprovedPattern: { id: string; description: string | null } | null;
  sodConflicts: SodConflict[];
  requiredEvidence: string[];
  policy: { id: string; version: number; contentHash: string };
}

export interface WorkflowPreview {
  key: string;
  name: string;
  stages: { name: string; quorum: number; slaHours: number; approvers: ApproverPerson[]; note: string | null }[];
}

export interface RequestPreview {
  decision: DecisionPreview | null;
  workflow: WorkflowPreview | null;
  /** Hours of access an AUTO_APPROVE decision gives (null: none, or no end date when the cap is null). */
  autoApprovedFor: number | null;
  /** field -> why it is refused; submitting is refused while this is not empty. */
  problems: Record<string, string>;
}

/** The decision the ticket would get, without writing anything; field problems are returned, not thrown. */
export async function previewRequest(db: PrismaClient, actor: Actor, input: RequestInput): Promise<RequestPreview> {
  let prepared: Prepared;
  try {
    prepared = await prepareRequest(db, actor, input);
  } catch (error) {
    if (error instanceof AppError && error.field && error.code !== "INTERNAL") {
      return { decision: null, workflow: null, autoApprovedFor: null, problems: { [error.field]: error.message } };
    }
    throw error;
  }
  return toPreview(prepared);
}

export function toPreview(p: Prepared): RequestPreview {
  const doc = p.policy.document;
  const d = p.decision;
  const rule = doc.rules.find((r) => r.id === d.ruleId);
  const pattern = d.preApprovedPattern ? doc.preApprovedPatterns.find((x) => x.id === d.preApprovedPattern) : null;
  const workflowDef = d.workflowKey ? doc.workflows.find((w) => w.key === d.workflowKey) : null;
  const problems: Record<string, string> = {};
  for (const problem of p.problems) problems[problem.field] ??= problem.message;
  const requested = p.facts.request.requestedHours;
  return {
    decision: {
      route: d.route,
      breakGlass: d.breakGlass,
      rule: { id: d.ruleId, description: rule?.description ?? null },
      reasons: d.reasons,
      risk: { score: d.riskScore, tier: d.riskTier },
      ttlCapHours: d.ttlCapHours,
      expiryRequired: d.expiryRequired,
      preApprovedPattern: d.preApprovedPattern ? { id: d.preApprovedPattern, description: pattern?.description ?? null } : null,
      sodConflicts: d.sodConflicts,
      requiredEvidence: d.requiredEvidence,
      policy: d.policy,
    },
    workflow:
      workflowDef && p.stages
        ? {
            key: workflowDef.key,
            name: workflowDef.name,
            stages: p.stages.map((s) => ({ name: s.name, quorum: s.quorum, slaHours: s.slaHours, approvers: s.approvers, note: s.note })),
          }
        : null,
    autoApprovedFor: d.route === "AUTO_APPROVE" ? (requested !== null ? Math.round(requested * 10) / 10 : d.ttlCapHours) : null,
    problems,
  };
}
