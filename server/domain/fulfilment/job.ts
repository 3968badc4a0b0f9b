import { z } from "zod";
import type { ConnectorType, PrismaClient } from "@/server/db/generated/client";
import { ConnectorError, type Connector } from "@/server/connectors/types";
import { PermanentJobError, type ClaimedJob } from "@/server/jobs/types";
import { fulfilRequest, markFulfilmentFailed, type FulfilOutcome } from "./fulfil";
import { revokeGrant, type RevokeOutcome } from "./revoke";
import { fulfilRevokeRequest } from "./revoke-request";

const payloadSchema = z.object({ requestId: z.string().min(1) });

/**
 * The `fulfilment.grant` job: a target that is down or slow is retried with the runner's backoff;
 * after the last attempt, or at once when retrying cannot help, the ticket shows FAILED with the
 * reason.
 */
export async function runFulfilmentJob(
  db: PrismaClient,
  job: ClaimedJob,
  now: Date,
  connectorFor: (type: ConnectorType) => Connector | null,
): Promise<FulfilOutcome> {
  const payload = payloadSchema.safeParse(job.payload);
  if (!payload.success) throw new PermanentJobError("The payload names no requestId.");
  const { requestId } = payload.data;
  try {
    const ticket = await db.accessRequest.findUnique({ where: { id: requestId }, select: { kind: true } });
    const fulfil = ticket?.kind === "REVOKE" ? fulfilRevokeRequest : fulfilRequest;
    return await fulfil(db, requestId, { now, connectorFor });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const retryable = !(error instanceof ConnectorError) || error.retryable;
    if (retryable && job.attempts < job.maxAttempts) throw error;
    await markFulfilmentFailed(db, requestId, reason, now);
    throw new PermanentJobError(`Fulfilment failed: ${reason}`);
  }
}

const revokePayload = z.object({ grantId: z.string().min(1), reason: z.string().min(1).default("expired"), superseded: z.boolean().default(false) });

/**
 * The `fulfilment.revoke` job. A failure is retried with the runner's backoff; one that no retry
 * can fix, or the last attempt, leaves the grant REVOKING, on the overdue-revocations list.
 */
export async function runRevokeJob(
  db: PrismaClient,
  job: ClaimedJob,
  now: Date,
  connectorFor: (type: ConnectorType) => Connector | null,
): Promise<RevokeOutcome> {
  const payload = revokePayload.safeParse(job.payload);
  if (!payload.success) throw new PermanentJobError("The payload names no grantId.");
  try {
    const { grantId, reason, superseded } = payload.data;
    return await revokeGrant(db, grantId, { now, reason, superseded, connectorFor });
  } catch (error) {
    if (error instanceof ConnectorError && !error.retryable) throw new PermanentJobError(`Revocation failed: ${error.message}`);
    throw error;
  }
}
