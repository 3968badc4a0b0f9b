import type { ControlId } from "@/server/domain/controls/catalogue";
import { controlsFor, type EvidenceItem, type SubjectFacts } from "@/server/domain/controls/map";

/** What a ticket's evidence consists of, as far as the controls mapping cares. */
export interface TicketEvidenceFacts {
  kind: string;
  exceptionType: string | null;
  subject: SubjectFacts & { hasOwner: boolean };
  hasPolicyVersion: boolean;
  decisions: { outcome: string }[];
  closures: { kind: string; grantType: string | null }[];
}

/** The ticket's evidence items, the same ones the ticket's evidence view lists. */
export function ticketEvidenceItems(facts: TicketEvidenceFacts): EvidenceItem[] {
  const subject: SubjectFacts = { kind: facts.subject.kind, nhiType: facts.subject.nhiType };
  return [
    { type: "ticket", kind: facts.kind, exceptionType: facts.exceptionType, subject },
    ...(facts.hasPolicyVersion ? [{ type: "policy" } as const] : []),
    ...facts.decisions.map((d) => ({ type: "approval", outcome: d.outcome, subject }) as const),
    ...facts.closures.map((c) => ({ type: "closure", kind: c.kind, grantType: c.grantType, subject }) as const),
    ...(facts.subject.kind === "NHI" && facts.subject.hasOwner ? [{ type: "identity", subject } as const] : []),
  ];
}

/** A ticket supports a control when any of its evidence items does. Sorted, without repeats. */
export function ticketControls(facts: TicketEvidenceFacts): ControlId[] {
  return [...new Set(ticketEvidenceItems(facts).flatMap(controlsFor))].sort();
}
