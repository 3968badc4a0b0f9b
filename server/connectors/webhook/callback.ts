import { z } from "zod";
import type { PrismaClient } from "@/server/db/generated/client";
import { appendAuditEvent } from "@/server/domain/audit/append";
import { lockChainHead } from "@/server/domain/audit/chain";
import { CONFIRMED, orderIdFor, readLedger } from "./ledger";
import { webhookSecret } from "./secret";
import { checkTimestamp, verifySignature } from "./signing";

/** What a target posts back once it has applied (or failed to apply) an order. */
const callbackSchema = z.object({
  orderId: z.string().min(1).max(200),
  grantId: z.string().min(1).max(200),
  action: z.enum(["grant", "revoke"]),
  state: z.enum(["granted", "revoked", "failed"]),
  observed: z.record(z.string(), z.unknown()).default({}),
});

export type WebhookCallback = z.infer<typeof callbackSchema>;

export interface CallbackResult {
  status: number;
  body: { ok: true; orderId: string; duplicate: boolean } | { ok: false; error: string; field: string };
}

export const MAX_CALLBACK_BYTES = 64 * 1024;

const refuse = (status: number, field: string, error: string): CallbackResult => ({ status, body: { ok: false, error, field } });

/**
 * Checks a target's signed callback and records it as webhook.confirmed on the Grant.
 * Order of checks: the headers (401) and the JSON (400) first, then the grant, whose system gives
 * the secret, then the signature (401); only a signed body is checked field by field, so an
 * unsigned caller learns no more than whether a grant id exists. One event per orderId: a
 * repeated callback is answered 200 and changes nothing.
 */
export async function handleWebhookCallback(
  db: PrismaClient,
  input: { headers: Headers; body: string },
  now: Date,
  secretFor: (systemKey: string) => string = webhookSecret,
): Promise<CallbackResult> {
  const timestamp = input.headers.get("x-target-timestamp");
  const signature = input.headers.get("x-target-signature");
  const fresh = checkTimestamp(timestamp, now);
  if (!fresh.ok) return refuse(401, "X-Target-Timestamp", `X-Target-Timestamp ${fresh.reason}`);
  if (!signature) return refuse(401, "X-Target-Signature", "X-Target-Signature is missing");
  if (Buffer.byteLength(input.body, "utf8") > MAX_CALLBACK_BYTES) {
    return refuse(413, "body", `body must be at most ${MAX_CALLBACK_BYTES} bytes`);
  }

  let json: unknown;
  try {
    json = JSON.parse(input.body);
  } catch {
    return refuse(400, "body", "body must be a JSON object");
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) return refuse(400, "body", "body must be a JSON object");
  const grantId = (json as Record<string, unknown>).grantId;
  if (typeof grantId !== "string" || grantId.length === 0 || grantId.length > 200) {
    return refuse(400, "grantId", "grantId must be the id of a grant the portal ordered");
  }
  const grant = await db.grant.findUnique({
    where: { id: grantId },
    select: {
      id: true,
      requestId: true,
      entitlement: { select: { system: { select: { key: true, connectorType: true } } } },
      request: { select: { system: { select: { key: true, connectorType: true } } } },
    },
  });
  const system = grant?.entitlement?.system ?? grant?.request.system ?? null;
  if (!grant || !system || system.connectorType !== "WEBHOOK") {
    return refuse(400, "grantId", `grantId ${grantId} is not a grant on a webhook system`);
  }
  if (!verifySignature(secretFor(system.key), timestamp!, input.body, signature)) {
    return refuse(401, "X-Target-Signature", `X-Target-Signature does not match the body signed with the secret of ${system.key}`);
  }

  const parsed = callbackSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.map(String).join(".") || "body";
    return refuse(400, field, `${field}: ${issue.message}`);
  }
  const callback = parsed.data;
  const expectedOrderId = orderIdFor(grant.id, callback.action);
  if (callback.orderId !== expectedOrderId) {
    return refuse(400, "orderId", `orderId must be ${expectedOrderId} for a ${callback.action} of grant ${grant.id}`);
  }
  const allowed = callback.action === "grant" ? ["granted", "failed"] : ["revoked", "failed"];
  if (!allowed.includes(callback.state)) {
    return refuse(400, "state", `state must be ${allowed.join(" or ")} for a ${callback.action} order`);
  }

  const recorded = await db.$transaction(
    async (tx) => {
      // Take the chain lock before looking, so two copies of one callback cannot both append.
      await lockChainHead(tx);
      const { confirmations } = await readLedger(tx, grant.requestId, grant.id);
      if (confirmations.some((c) => c.orderId === callback.orderId)) return false;
      await appendAuditEvent(tx, {
        actorType: "SYSTEM",
        action: CONFIRMED,
        entityType: "Grant",
        entityId: grant.id,
        requestId: grant.requestId,
        data: {
          orderId: callback.orderId,
          action: callback.action,
          state: callback.state,
          observed: callback.observed,
          systemKey: system.key,
          signedAt: fresh.at.toISOString(),
        },
      });
      return true;
    },
    { maxWait: 10_000, timeout: 15_000 },
  );
  return { status: 200, body: { ok: true, orderId: callback.orderId, duplicate: !recorded } };
}

/** The HTTP face of handleWebhookCallback, for the route. */
export async function webhookCallbackResponse(db: PrismaClient, request: Request, now: Date): Promise<Response> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_CALLBACK_BYTES) {
    return Response.json({ ok: false, error: `body must be at most ${MAX_CALLBACK_BYTES} bytes`, field: "body" }, { status: 413 });
  }
  const result = await handleWebhookCallback(db, { headers: request.headers, body: await request.text() }, now);
  return Response.json(result.body, { status: result.status });
}
