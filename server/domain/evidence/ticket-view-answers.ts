/** The five questions an auditor asks of a ticket, each answered in one line from the evidence. */
export type AnswerKey = "approved" | "policy" | "duration" | "removed" | "integrity";

/** "good" is evidence that holds, "attention" something to look at, "neutral" a fact. */
export type AnswerTone = "good" | "attention" | "neutral";

export interface Answer {
  key: AnswerKey;
  question: string;
  answer: string;
  tone: AnswerTone;
}

interface Person {
  name: string;
}

export interface AnswerFacts {
  kind: string;
  /** The ticket whose grant this one acts on, for MODIFY, REVOKE and ROTATE. */
  actsOn: string | null;
  /** Set for break-glass access, granted before any approval: its follow-up review ticket, once opened. */
  review: { number: string | null; status: string | null } | null;
  status: string;
  approvals: { position: number; name: string; status: string; decisions: { approver: Person; onBehalfOf: Person | null; outcome: string; at: Date }[] }[];
  policy: { version: number | null; contentHash: string | null; ruleId: string | null; route: string | null; workflow: { name: string } | null };
  expiry: { requested: Date | null; approved: Date | null; granted: Date[] };
  grants: { status: string; revokedAt: Date | null; expiresAt: Date | null }[];
  evidence: { kind: string; connectorType: string; summary: string; verifiedAt: Date }[];
  integrity: { ok: boolean; checked: number; altered: number; broken: number; headSeq: string | null; firstSeq: string | null; lastSeq: string | null; problems: { seq: string; integrity: string }[] };
}

const dateTime = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
const day = (d: Date) => `${dateTime.format(d)} UTC`;

function approvedAnswer(f: AnswerFacts): Answer {
  const question = "Who approved it?";
  const yes = f.approvals.flatMap((s) =>
    s.decisions.filter((d) => d.outcome === "APPROVE").map((d) => `${d.approver.name}${d.onBehalfOf ? ` on behalf of ${d.onBehalfOf.name}` : ""} (stage ${s.position + 1}, ${s.name})`),
  );
  const no = f.approvals.flatMap((s) => s.decisions.filter((d) => d.outcome === "DENY").map((d) => `${d.approver.name} (stage ${s.position + 1}, ${s.name})`));
  if (no.length > 0) return { key: "approved", question, answer: `Denied by ${no.join(", ")}${yes.length ? `; approved before that by ${yes.join(", ")}` : ""}.`, tone: "attention" };
  if (yes.length > 0) return { key: "approved", question, answer: `${yes.join("; ")}.`, tone: "good" };
  if (f.review) {
    const review = f.review.number ? ` Follow-up review: ${f.review.number}${f.review.status ? ` (${f.review.status.toLowerCase().replaceAll("_", " ")})` : ""}.` : " No follow-up review is recorded.";
    return { key: "approved", question, answer: `Nobody before use: granted at once under break-glass${f.policy.ruleId ? ` (rule ${f.policy.ruleId})` : ""}.${review}`, tone: f.review.number ? "neutral" : "attention" };
  }
  if (f.policy.route === "AUTO_APPROVE") {
    return { key: "approved", question, answer: `No person: auto-approved by the policy${f.policy.ruleId ? ` under rule ${f.policy.ruleId}` : ""}.`, tone: "neutral" };
  }
  if (f.policy.route === "REJECT") return { key: "approved", question, answer: "Nobody: the policy refused it.", tone: "neutral" };
  const waiting = f.approvals.find((s) => s.status === "PENDING" || s.status === "INFO_REQUESTED");
  if (f.status === "PENDING_APPROVAL" && waiting) return { key: "approved", question, answer: `Nobody yet: waiting on stage ${waiting.position + 1} (${waiting.name}).`, tone: "neutral" };
  return { key: "approved", question, answer: "Nobody has approved it.", tone: f.status === "PENDING_APPROVAL" ? "neutral" : "attention" };
}

function policyAnswer(f: AnswerFacts): Answer {
  const question = "Under which policy?";
  const p = f.policy;
  if (p.version === null) return { key: "policy", question, answer: "No policy decision is recorded (the ticket was never submitted).", tone: "neutral" };
  const route = p.route === "WORKFLOW" && p.workflow ? `workflow ${p.workflow.name}` : (p.route?.toLowerCase().replace("_", "-") ?? "no route");
  const hash = p.contentHash ? ` (sha256 ${p.contentHash.slice(0, 12)}…)` : "";
  return { key: "policy", question, answer: `Version ${p.version}${hash}, rule ${p.ruleId ?? "none"}, ${route}.`, tone: "good" };
}

function durationAnswer(f: AnswerFacts): Answer {
  const question = "For how long?";
  const { requested, approved, granted } = f.expiry;
  if (f.kind === "REVOKE" || f.kind === "REVIEW") {
    const what = f.kind === "REVOKE" ? `It removes access${f.actsOn ? ` granted by ${f.actsOn}` : ""}` : "It reviews break-glass access";
    return { key: "duration", question, answer: `${what} and grants none of its own.`, tone: "neutral" };
  }
  if (!requested && !approved && granted.length === 0) return { key: "duration", question, answer: "No end date: the access does not expire.", tone: "attention" };
  const parts = [
    `requested until ${requested ? day(requested) : "an unrecorded date"}`,
    !approved ? "not approved" : !requested || approved.getTime() !== requested.getTime() ? `approved until ${day(approved)}` : "approved as asked",
    granted.length > 0 ? `granted until ${granted.map(day).join(", ")}` : "nothing granted",
  ].filter(Boolean);
  const line = parts.join("; ");
  const overrun = approved !== null && granted.some((g) => g.getTime() > approved.getTime());
  return { key: "duration", question, answer: `${line.charAt(0).toUpperCase()}${line.slice(1)}.`, tone: overrun ? "attention" : "neutral" };
}

function removedAnswer(f: AnswerFacts, now: Date): Answer {
  const question = "Was it removed?";
  const revoked = f.evidence.filter((e) => e.kind === "REVOKED" || e.kind === "CANCELLED");
  if (revoked.length > 0) {
    const last = revoked.at(-1)!;
    return { key: "removed", question, answer: `Yes, read back from the target on ${day(last.verifiedAt)}: ${last.summary.replace(/^(revoked|cancelled): /i, "")}`, tone: "good" };
  }
  const active = f.grants.filter((g) => g.status === "ACTIVE" || g.status === "REVOKING");
  if (active.length > 0) {
    const overdue = active.some((g) => g.expiresAt !== null && g.expiresAt.getTime() <= now.getTime());
    const until = active.map((g) => g.expiresAt).filter((d): d is Date => d !== null);
    return {
      key: "removed",
      question,
      answer: overdue ? "No: still active past its expiry." : `No, still active${until.length ? ` until ${until.map(day).join(", ")}` : " with no end date"}.`,
      tone: overdue ? "attention" : "neutral",
    };
  }
  if (f.grants.some((g) => g.status === "REVOKED")) return { key: "removed", question, answer: "Marked removed, but no read-back from the target is recorded.", tone: "attention" };
  if (f.grants.length === 0) return { key: "removed", question, answer: "Nothing to remove: no access was granted.", tone: "neutral" };
  return { key: "removed", question, answer: "Not granted: the grant did not complete.", tone: "neutral" };
}

function integrityAnswer(f: AnswerFacts): Answer {
  const question = "Was anything edited?";
  const i = f.integrity;
  const span = i.firstSeq ? ` (seq ${i.firstSeq}–${i.lastSeq} of ${i.headSeq ?? "?"} in the chain)` : "";
  if (i.checked === 0) return { key: "integrity", question, answer: "No audit events are recorded for this ticket.", tone: "attention" };
  if (i.ok) return { key: "integrity", question, answer: `No: all ${i.checked} audit events match their hashes and links${span}.`, tone: "good" };
  const failing = i.problems.map((p) => `seq ${p.seq} ${p.integrity}`).join(", ");
  return { key: "integrity", question, answer: `Yes: ${i.problems.length} of ${i.checked} events fail the check (${failing}).`, tone: "attention" };
}

export function answersFor(facts: AnswerFacts, now: Date = new Date()): Answer[] {
  return [approvedAnswer(facts), policyAnswer(facts), durationAnswer(facts), removedAnswer(facts, now), integrityAnswer(facts)];
}
