import type { ControlId } from "./catalogue";
import { controlsFor, type EvidenceItem, type SubjectFacts } from "./map";

/** What a ticket's evidence consists of, as far as the controls mapping cares; labels name the items for people. */
export interface TicketEvidenceFacts {
  kind: string;
  exceptionType: string | null;
  subject: SubjectFacts & { hasOwner: boolean };
  hasPolicyVersion: boolean;
  decisions: { outcome: string; label?: string }[];
  closures: { kind: string; grantType: string | null; label?: string }[];
  labels?: { ticket?: string; policy?: string; identity?: string };
}

/**
 * The ticket's evidence items: the ticket with its policy decision, the published policy, each
 * approver's decision, each read-back from the target, and an NHI registered with its owners. The
 * explorer's control filter, the evidence view and the packs all read them from here.
 */
export function ticketEvidenceItems(facts: TicketEvidenceFacts): { label: string; item: EvidenceItem }[] {
  const subject: SubjectFacts = { kind: facts.subject.kind, nhiType: facts.subject.nhiType };
  return [
    { label: facts.labels?.ticket ?? "The ticket and its policy decision", item: { type: "ticket", kind: facts.kind, exceptionType: facts.exceptionType, subject } },
    ...(facts.hasPolicyVersion ? [{ label: facts.labels?.policy ?? "The published policy version", item: { type: "policy" } as const }] : []),
    ...facts.decisions.map((d) => ({ label: d.label ?? `${d.outcome} decision`, item: { type: "approval", outcome: d.outcome, subject } as const })),
    ...facts.closures.map((c) => ({ label: c.label ?? `${c.kind} read-back`, item: { type: "closure", kind: c.kind, grantType: c.grantType, subject } as const })),
    ...(facts.subject.kind === "NHI" && facts.subject.hasOwner ? [{ label: facts.labels?.identity ?? "The NHI registered with its owners", item: { type: "identity", subject } as const }] : []),
  ];
}

/** A ticket supports a control when any of its evidence items does. Sorted, without repeats. */
export function ticketControls(facts: TicketEvidenceFacts): ControlId[] {
  return [...new Set(ticketEvidenceItems(facts).flatMap(({ item }) => controlsFor(item)))].sort();
}
