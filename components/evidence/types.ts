import type { RouterOutputs } from "@/components/requests/router-types";

/** One ticket's evidence as the evidence.ticket procedure answers it. */
export type TicketEvidence = RouterOutputs["evidence"]["ticket"];
export type EvidenceEvent = TicketEvidence["timeline"][number];
