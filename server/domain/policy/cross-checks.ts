import type { PolicyCondition, PolicyDocument } from "./schema";

export interface PolicyValidationError {
  /** Where in the document, e.g. "rules[3].then.workflow". */
  path: string;
  /** The rule that was broken, e.g. "workflow-exists" or a zod issue code such as "too_small". */
  rule: string;
  message: string;
}

const TIER_RANK = { LOW: 0, MEDIUM: 1, HIGH: 2, CRITICAL: 3 } as const;
const ENTITLEMENT_REF = /^[A-Za-z0-9][A-Za-z0-9._-]*:[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * The checks that relate one part of a document to another, which a schema alone cannot express.
 * Runs on a document that already has the right shape.
 */
export function crossCheckPolicy(doc: PolicyDocument): PolicyValidationError[] {
  const errors: PolicyValidationError[] = [];
  const fail = (path: string, rule: string, message: string) => errors.push({ path, rule, message });

  unique(doc.rules.map((r) => r.id), "rules", "id", fail);
  unique(doc.riskScoring.modifiers.map((m) => m.id), "riskScoring.modifiers", "id", fail);
  unique(doc.preApprovedPatterns.map((p) => p.id), "preApprovedPatterns", "id", fail);
  unique(doc.separationOfDuties.toxicPairs.map((p) => p.id), "separationOfDuties.toxicPairs", "id", fail);
  unique(doc.workflows.map((w) => w.key), "workflows", "key", fail);

  checkTiers(doc, fail);
  checkWorkflows(doc, fail);
  checkRules(doc, fail);

  doc.riskScoring.modifiers.forEach((m, i) => {
    checkCondition(m.when, `riskScoring.modifiers[${i}].when`, fail, ["preApprovedPattern", "minRiskTier", "maxRiskTier"]);
  });
  doc.preApprovedPatterns.forEach((p, i) => {
    checkCondition(p.when, `preApprovedPatterns[${i}].when`, fail, ["preApprovedPattern"]);
  });
  doc.separationOfDuties.toxicPairs.forEach((pair, i) => {
    pair.entitlements.forEach((ref, j) => checkRef(ref, `separationOfDuties.toxicPairs[${i}].entitlements[${j}]`, fail));
    if (pair.entitlements[0] === pair.entitlements[1]) {
      fail(`separationOfDuties.toxicPairs[${i}].entitlements`, "toxic-pair-distinct", "A toxic pair names two different entitlements.");
    }
  });
  for (const type of ["EMERGENCY", "VENDOR", "AUTOMATION"] as const) {
    const wf = doc.exceptionTypes[type].workflow;
    if (!doc.workflows.some((w) => w.key === wf)) {
      fail(`exceptionTypes.${type}.workflow`, "workflow-exists", `No workflow has the key "${wf}".`);
    }
    const def = doc.exceptionTypes[type];
    if (def.grantAtOnce && def.followUpReviewWithinHours === undefined) {
      fail(
        `exceptionTypes.${type}.followUpReviewWithinHours`,
        "break-glass-review",
        `${type} exceptions are granted at once (grantAtOnce), so they need followUpReviewWithinHours: the hours within which security reviews the access.`,
      );
    }
  }
  return errors;
}

type Fail = (path: string, rule: string, message: string) => void;

function unique(ids: string[], path: string, field: string, fail: Fail): void {
  const seen = new Set<string>();
  ids.forEach((value, i) => {
    if (seen.has(value)) fail(`${path}[${i}].${field}`, "unique-id", `The ${field} "${value}" is used more than once in ${path}.`);
    seen.add(value);
  });
}

function checkTiers(doc: PolicyDocument, fail: Fail): void {
  const tiers = doc.riskScoring.tiers;
  tiers.forEach((t, i) => {
    if (i === 0) return;
    const prev = tiers[i - 1]!;
    if (t.maxScore <= prev.maxScore) {
      fail(`riskScoring.tiers[${i}].maxScore`, "tiers-increasing", `maxScore ${t.maxScore} must be greater than ${prev.maxScore}, the previous tier's.`);
    }
    if (TIER_RANK[t.tier] <= TIER_RANK[prev.tier]) {
      fail(`riskScoring.tiers[${i}].tier`, "tiers-ordered", `Tiers are listed once each, from LOW to CRITICAL; ${t.tier} comes after ${prev.tier}.`);
    }
  });
  const last = tiers[tiers.length - 1]!;
  if (last.maxScore !== 100) {
    fail(`riskScoring.tiers[${tiers.length - 1}].maxScore`, "tiers-end-at-100", "The last tier must end at 100 so that every score has a tier.");
  }
}

function checkWorkflows(doc: PolicyDocument, fail: Fail): void {
  doc.workflows.forEach((wf, i) => {
    wf.stages.forEach((stage, j) => {
      const path = `workflows[${i}].stages[${j}]`;
      for (const [member, sel] of [["approvers", stage.approvers], ["escalateTo", stage.escalateTo]] as const) {
        if (sel?.type !== "group") continue;
        const group = doc.groups[sel.group];
        if (!group) fail(`${path}.${member}.group`, "group-exists", `No group is named "${sel.group}".`);
        else if (member === "approvers" && stage.quorum > group.members.length) {
          fail(`${path}.quorum`, "quorum-reachable", `Quorum ${stage.quorum} exceeds the ${group.members.length} members of group "${sel.group}".`);
        }
      }
      if (stage.approvers.type === "users" && stage.quorum > stage.approvers.emails.length) {
        fail(`${path}.quorum`, "quorum-reachable", `Quorum ${stage.quorum} exceeds the ${stage.approvers.emails.length} named approvers.`);
      }
      if (stage.reminderAfterHours !== undefined && stage.reminderAfterHours > stage.slaHours) {
        fail(`${path}.reminderAfterHours`, "reminder-before-sla", "The reminder must come no later than the SLA.");
      }
    });
  });
}

function checkRules(doc: PolicyDocument, fail: Fail): void {
  const last = doc.rules.length - 1;
  doc.rules.forEach((rule, i) => {
    const path = `rules[${i}]`;
    checkCondition(rule.when, `${path}.when`, fail, []);
    const { route, workflow } = rule.then;
    if (route === "WORKFLOW" && !workflow) {
      fail(`${path}.then.workflow`, "workflow-required", "A rule that routes to a workflow names it.");
    } else if (route !== "WORKFLOW" && workflow) {
      fail(`${path}.then.workflow`, "workflow-not-allowed", `A rule with route ${route} names no workflow.`);
    } else if (workflow && !doc.workflows.some((w) => w.key === workflow)) {
      fail(`${path}.then.workflow`, "workflow-exists", `No workflow has the key "${workflow}".`);
    }
    const matchesAll = Object.keys(rule.when).length === 0;
    if (i < last && matchesAll) {
      fail(`${path}.when`, "rule-unreachable", "Only the last rule may match everything; the rules after this one could never apply.");
    }
    if (i === last && !matchesAll) {
      fail(`${path}.when`, "default-rule-last", "The last rule must match everything (an empty condition), so that every request is decided.");
    }
    if (route === "AUTO_APPROVE" && !rule.when.exceptionTypes && mentionsExceptions(rule.when)) {
      fail(
        `${path}.when.exceptionTypes`,
        "exception-auto-approve-explicit",
        "An exception is auto-approved only by a rule that lists its exception types in exceptionTypes.",
      );
    }
  });
}

/** Whether a condition visibly targets exceptions without naming their types at its top level. */
function mentionsExceptions(when: PolicyCondition): boolean {
  if (when.kinds?.includes("EXCEPTION")) return true;
  return (when.anyOf ?? []).some((c) => c.exceptionTypes !== undefined || mentionsExceptions(c));
}

function checkCondition(when: PolicyCondition, path: string, fail: Fail, forbidden: (keyof PolicyCondition)[]): void {
  for (const key of forbidden) {
    if (when[key] !== undefined) {
      fail(`${path}.${key}`, "condition-not-allowed", `"${key}" is not known yet where this condition is evaluated.`);
    }
  }
  when.entitlements?.forEach((ref, j) => checkRef(ref, `${path}.entitlements[${j}]`, fail));
  if (when.minRiskTier && when.maxRiskTier && TIER_RANK[when.minRiskTier] > TIER_RANK[when.maxRiskTier]) {
    fail(`${path}.maxRiskTier`, "tier-range", `maxRiskTier ${when.maxRiskTier} is below minRiskTier ${when.minRiskTier}.`);
  }
  when.anyOf?.forEach((c, j) => checkCondition(c, `${path}.anyOf[${j}]`, fail, forbidden));
}

function checkRef(ref: string, path: string, fail: Fail): void {
  if (!ENTITLEMENT_REF.test(ref)) {
    fail(path, "entitlement-ref", `"${ref}" is not an entitlement reference of the form "system:entitlement".`);
  }
}
