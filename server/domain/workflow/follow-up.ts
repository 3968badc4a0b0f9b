import type { Prisma, RequestStatus } from "@/server/db/generated/client";
import type { AuditEventInput } from "@/server/domain/audit/append";
import { nothingSent, recordCancelled } from "@/server/domain/fulfilment/cancel";
import { REVOKE_GRANT_JOB } from "@/server/domain/fulfilment/revoke";
import type { NotificationInput } from "@/server/domain/notifications/notify";
import { formatRequestNumber } from "@/server/domain/requests/number";
import { enqueueMany } from "@/server/jobs/enqueue";

/** Why the emergency access goes when its follow-up review is denied (the revocation's reason). */
export const FOLLOW_UP_DENIED_REASON = "follow-up review denied";

/** Statuses in which an emergency ticket's access has not been set up yet: a denial withdraws it. */
const NOT_YET_GRANTED = new Set<RequestStatus>(["AUTO_APPROVED", "APPROVED"]);

export interface FollowUpConclusion {
  status: RequestStatus;
  events: AuditEventInput[];
  notes: NotificationInput[];
}

interface ReviewTicket {
  id: string;
  number: number;
  requesterId: string;
}

/**
 * The last decision on a follow-up review (a REVIEW ticket, which grants nothing, so nothing is
 * fulfilled). Approval confirms the emergency use and closes the review. Denial closes it too and
 * takes the emergency access away at once: a revocation job for each of the parent's ACTIVE or
 * PENDING grants, and a parent whose access was not set up yet is withdrawn so it never is.
 * Runs in the decision's transaction; the caller writes the events and notes.
 */
export async function concludeFollowUpReview(
  tx: Prisma.TransactionClient,
  review: ReviewTicket,
  decision: { outcome: "APPROVE" | "DENY"; actorId: string; comment: string | null },
  now: Date,
): Promise<FollowUpConclusion> {
  const ref = formatRequestNumber(review.number);
  const parent = await tx.accessRequest.findFirst({
    where: { children: { some: { id: review.id } } },
    select: { id: true, number: true, status: true, requesterId: true, system: { select: { name: true, connectorType: true } }, subject: { select: { userId: true } }, grants: { where: { status: { in: ["ACTIVE", "PENDING"] } }, select: { id: true, status: true } } },
  });
  const parentRef = parent ? formatRequestNumber(parent.number) : null;
  const reviewEvent = { requestId: review.id, entityType: "AccessRequest", entityId: review.id } as const;

  if (decision.outcome === "APPROVE") {
    await tx.accessRequest.update({ where: { id: review.id }, data: { status: "CLOSED", decidedAt: now, closedAt: now, currentStage: null } });
    const reviewed = parent ? await reviewedEvidence(tx, review.id, parent.id, now) : null;
    return {
      status: "CLOSED",
      events: [
        { ...reviewEvent, actorType: "USER", actorId: decision.actorId, action: "review.confirmed", data: { number: review.number, parentRequestId: parent?.id ?? null, comment: decision.comment } },
        ...(reviewed ? [{ ...reviewEvent, actorType: "SYSTEM" as const, action: "evidence.recorded", entityType: "ClosureEvidence", entityId: reviewed.id, data: { kind: reviewed.kind, grantId: reviewed.grantId, summary: reviewed.summary } }] : []),
        { ...reviewEvent, actorType: "SYSTEM", action: "request.closed", data: { reason: "follow-up review confirmed the emergency use; a review grants nothing" } },
      ],
      notes: [
        {
          userId: review.requesterId,
          requestId: review.id,
          kind: "request.approved",
          title: `${ref}: your emergency access was confirmed`,
          body: `The follow-up review of ${parentRef ?? "your emergency access"} confirmed its use.${decision.comment ? ` Comment: ${decision.comment}` : ""}`,
        },
      ],
    };
  }

  await tx.accessRequest.update({ where: { id: review.id }, data: { status: "DENIED", decidedAt: now, closedAt: now, currentStage: null } });
  const events: AuditEventInput[] = [
    { ...reviewEvent, actorType: "USER", actorId: decision.actorId, action: "review.denied", data: { number: review.number, parentRequestId: parent?.id ?? null, comment: decision.comment } },
  ];
  const notes: NotificationInput[] = [];
  if (parent) {
    const parentEvent = { requestId: parent.id, entityType: "AccessRequest", entityId: parent.id } as const;
    // Its own key: the expiry sweep's "revoke:<grant>" job must stay free to run later, for a
    // grant that was still PENDING now and became ACTIVE after this.
    await enqueueMany(
      tx,
      parent.grants.map((g) => ({
        type: REVOKE_GRANT_JOB,
        payload: { grantId: g.id, reason: FOLLOW_UP_DENIED_REASON },
        dedupeKey: `follow-up-revoke:${g.id}`,
        requestId: parent.id,
        runAt: now,
      })),
    );
    for (const g of parent.grants) {
      events.push({ ...parentEvent, actorType: "SYSTEM", action: "grant.revocation_queued", data: { grantId: g.id, grantStatus: g.status, reason: FOLLOW_UP_DENIED_REASON, reviewRequestId: review.id } });
    }
    if (NOT_YET_GRANTED.has(parent.status)) {
      // Fulfilment only runs for approved tickets, so the queued grant job finds nothing to do.
      events.push(...(await recordCancelled(tx, parent, null, nothingSent(parent), { actorType: "SYSTEM" }, `${FOLLOW_UP_DENIED_REASON} before the access was granted (${ref})`, now)));
    }
    for (const userId of new Set([parent.requesterId, ...(parent.subject.userId ? [parent.subject.userId] : [])])) {
      notes.push({
        userId,
        requestId: parent.id,
        kind: "request.denied",
        title: `${parentRef}: emergency access removed after review`,
        body: `The follow-up review ${ref} denied the emergency use, so the access is being removed now.${decision.comment ? ` Reason: ${decision.comment}` : ""}`,
      });
    }
  }
  return { status: "DENIED", events, notes };
}

/**
 * A confirmed review closes with the evidence it confirmed: the latest read-back of the emergency
 * grant (granted, or already removed), copied onto the review with a pointer to the original.
 * Nothing is copied while the emergency access was never verified on its target.
 */
async function reviewedEvidence(tx: Prisma.TransactionClient, reviewId: string, parentId: string, now: Date) {
  const latest = await tx.closureEvidence.findFirst({
    where: { requestId: parentId },
    orderBy: [{ verifiedAt: "desc" }, { createdAt: "desc" }],
    select: { id: true, grantId: true, kind: true, connectorType: true, observed: true, summary: true, verifiedAt: true },
  });
  if (!latest) return null;
  const observed = { reviewedEvidenceId: latest.id, reviewedVerifiedAt: latest.verifiedAt.toISOString(), observed: latest.observed } as Prisma.InputJsonObject;
  return tx.closureEvidence.create({
    data: { requestId: reviewId, grantId: latest.grantId, kind: latest.kind, connectorType: latest.connectorType, observed, summary: `Reviewed: ${latest.summary}`, verifiedAt: now },
    select: { id: true, kind: true, grantId: true, summary: true },
  });
}
