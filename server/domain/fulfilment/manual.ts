import { createHash } from "node:crypto";
import { z } from "zod";
import type { PrismaClient } from "@/server/db/generated/client";
import { AppError } from "@/server/domain/errors";
import { formatRequestNumber } from "@/server/domain/requests/number";
import { ticketNumberSchema } from "@/server/domain/requests/input";
import { notFound, ticketNumber, visibleTicketWhere, type Viewer } from "@/server/domain/requests/visibility";
import { loadFulfilTicket, recordGranted } from "./fulfil";
import { recordRevoked } from "./revoke";

const MAX_ARTEFACT_BYTES = 5 * 1024 * 1024;

export const attestInput = z.object({
  number: ticketNumberSchema,
  action: z.enum(["grant", "revoke"]),
  attestation: z.string().trim().min(20, "Say what you did, in at least 20 characters").max(2000, "must be at most 2,000 characters"),
  artefact: z.object({
    name: z.string().trim().min(1, "Name the artefact file").max(200),
    /** The file's bytes, base64-encoded. */
    contentBase64: z.string().min(1, "Attach the artefact that shows the change"),
  }),
});
export type AttestInput = z.infer<typeof attestInput>;

/**
 * The named fulfiller of a system without an API (its owner, or an admin) attests a change made
 * by hand, with an artefact whose SHA-256 becomes part of the closure evidence. Separation of
 * duties holds: nobody fulfils access for their own ticket or for themselves.
 */
export async function attestManualChange(db: PrismaClient, actor: Viewer, input: AttestInput, now: Date): Promise<{ number: string; artefactSha256: string }> {
  const bytes = Buffer.from(input.artefact.contentBase64, "base64");
  if (bytes.length === 0) throw new AppError("BAD_REQUEST", "The artefact is empty or not base64.", "artefact");
  if (bytes.length > MAX_ARTEFACT_BYTES) throw new AppError("BAD_REQUEST", "The artefact must be at most 5 MB.", "artefact");
  // The fulfiller is the system's owner (who may not otherwise see the ticket) or an admin.
  const row = await db.accessRequest.findUnique({
    where: { number: ticketNumber(input.number) },
    select: { id: true, requesterId: true, subject: { select: { userId: true } }, system: { select: { ownerId: true, connectorType: true } } },
  });
  const visible = row && (row.system?.ownerId === actor.id || (await db.accessRequest.count({ where: { AND: [{ id: row.id }, visibleTicketWhere(actor, now)] } })) > 0);
  if (!row || !visible) throw notFound();
  if (row.system?.connectorType !== "MANUAL") throw new AppError("PRECONDITION_FAILED", "This ticket's system is not fulfilled by hand.", "number");
  if (row.system.ownerId !== actor.id && !actor.roles.includes("ADMIN")) {
    throw new AppError("FORBIDDEN", "Only the system's owner or an admin fulfils its access by hand.", "number");
  }
  if (row.requesterId === actor.id || row.subject.userId === actor.id) {
    throw new AppError("FORBIDDEN", "Separation of duties: nobody fulfils their own request or their own access.", "number");
  }
  const ticket = (await loadFulfilTicket(db, row.id))!;
  const reference = formatRequestNumber(ticket.number);
  const artefactSha256 = createHash("sha256").update(bytes).digest("hex");
  const observed = { attestation: input.attestation, artefact: { name: input.artefact.name, sha256: artefactSha256, bytes: bytes.length }, attestedById: actor.id };
  const by = { userId: actor.id, how: "attested" as const, artefactSha256 };
  if (input.action === "grant") {
    const grant = ticket.grants.find((g) => g.status === "PENDING");
    if (ticket.status !== "FULFILLING" || !grant) {
      throw new AppError("PRECONDITION_FAILED", `${reference} has no access waiting to be set up (it is ${ticket.status}).`, "number");
    }
    const externalRef = `manual:${ticket.system!.key}:${grant.id}`;
    await recordGranted(db, ticket, grant.id, { externalRef }, { present: true, observed, summary: `Set up by hand and attested: ${input.attestation}` }, now, by);
    return { number: reference, artefactSha256 };
  }
  const grant = await db.grant.findFirst({
    where: { requestId: ticket.id, status: { in: ["ACTIVE", "REVOKING"] } },
    select: { id: true, connectorType: true, externalRef: true, requestId: true },
  });
  if (!grant) throw new AppError("PRECONDITION_FAILED", `${reference} holds no access to remove.`, "number");
  await recordRevoked(db, grant, { present: false, observed, summary: `Removed by hand and attested: ${input.attestation}` }, now, "attested removal", by);
  return { number: reference, artefactSha256 };
}
