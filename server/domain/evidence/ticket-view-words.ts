import { actionInWords } from "@/server/domain/audit/action-words";

function record(data: unknown): Record<string, unknown> {
  return data !== null && typeof data === "object" && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
}

const text = (value: unknown): string | null => (typeof value === "string" && value.trim() !== "" ? value : typeof value === "number" ? String(value) : null);

/** Stages are stored from position 0 and shown from 1, as on the ticket page. */
function stageOf(d: Record<string, unknown>): string | null {
  const name = text(d.stage);
  if (name && typeof d.position === "number") return `stage ${d.position + 1} (${name})`;
  return name ? `stage ${name}` : null;
}

/**
 * One line that says what an audit event recorded: the action in words and the facts from its
 * data an auditor looks for (stage, policy rule, grant, evidence summary, reason). `names` turns
 * user ids found in the data (on behalf of, escalated to) into names.
 */
export function describeEvent(action: string, data: unknown, names: ReadonlyMap<string, string> = new Map()): string {
  const d = record(data);
  const base = actionInWords(action);
  const name = (id: unknown) => (typeof id === "string" ? (names.get(id) ?? null) : null);
  const parts: string[] = [];
  switch (action) {
    case "policy.decided": {
      const version = text(d.policyVersion);
      return [
        `decided it under policy${version ? ` v${version}` : ""}`,
        text(d.ruleId) ? `rule ${text(d.ruleId)}` : null,
        text(d.route) ? `route ${text(d.route)}` : null,
        text(d.riskScore) ? `risk ${text(d.riskScore)}${text(d.riskTier) ? ` (${text(d.riskTier)})` : ""}` : null,
      ]
        .filter(Boolean)
        .join(", ");
    }
    case "request.auto_approved":
      if (d.breakGlass === true) return "granted it at once under break-glass, before review";
      return text(d.preApprovedPattern) ? `auto-approved it under pre-approved pattern ${text(d.preApprovedPattern)}` : base;
    case "approval.approved":
    case "approval.denied":
    case "approval.info_requested": {
      const stage = stageOf(d);
      const behalf = name(d.onBehalfOfId ?? d.onBehalfOf);
      parts.push(`${base}${stage ? ` ${stage}` : ""}${behalf ? ` on behalf of ${behalf}` : ""}`);
      if (text(d.comment)) parts.push(`“${text(d.comment)}”`);
      if (text(d.question)) parts.push(`“${text(d.question)}”`);
      return parts.join(": ");
    }
    case "approval.stage_opened":
      return `opened ${stageOf(d) ?? "an approval stage"}`;
    case "approval.stage_completed":
      return `completed ${stageOf(d) ?? "an approval stage"}`;
    case "approval.reminder_sent":
      return stageOf(d) ? `sent a reminder for ${stageOf(d)}` : base;
    case "approval.escalated": {
      const to = name(d.to);
      return `escalated ${stageOf(d) ?? "the stage"}${to ? ` to ${to}` : ""}`;
    }
    case "grant.created":
      return [base, text(d.type), text(d.connectorType) ? `via ${text(d.connectorType)}` : null, text(d.externalRef) ? `ref ${text(d.externalRef)}` : null].filter(Boolean).join(" ");
    case "evidence.recorded":
      return `recorded ${text(d.kind) ?? "closure"} evidence${text(d.summary) ? `: ${text(d.summary)}` : ""}`;
    case "request.denied":
    case "request.cancelled":
    case "request.closed":
    case "request.revoking":
    case "grant.revoked":
    case "request.failed": {
      const reason = text(d.reason);
      return reason ? `${base}: ${reason}` : base;
    }
    default:
      return base;
  }
}

export interface ScopeRow {
  key: string;
  requested: string | null;
  approved: string | null;
  /** One value per grant, in grant order. */
  granted: (string | null)[];
  /** The value is not the same in every column that has a scope. */
  differs: boolean;
}

function entries(scope: unknown): Map<string, string> {
  return new Map(Object.entries(record(scope)).map(([k, v]) => [k, JSON.stringify(v)]));
}

/**
 * Requested, approved and granted scope side by side, one row per key in a stable order. A row
 * differs when any column holds another value for the key, or lacks it while another has it.
 */
export function compareScopes(requested: unknown, approved: unknown, granted: unknown[]): ScopeRow[] {
  const columns = [entries(requested), entries(approved), ...granted.map(entries)];
  const keys = [...new Set(columns.flatMap((c) => [...c.keys()]))].sort();
  return keys.map((key) => {
    const values = columns.map((c) => c.get(key) ?? null);
    return { key, requested: values[0]!, approved: values[1]!, granted: values.slice(2), differs: new Set(values).size > 1 };
  });
}
