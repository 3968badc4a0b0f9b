import type { PrismaClient } from "@/server/db/generated/client";
import { AppError } from "@/server/domain/errors";
import { getCurrentPolicy } from "@/server/domain/policy/store";
import { formatRequestNumber } from "@/server/domain/requests/number";
import { mayRequestForWhere, type Actor } from "./requestable";

export interface ActiveGrant {
  id: string;
  type: "ENTITLEMENT" | "SECRET" | "CERTIFICATE";
  scope: unknown;
  grantedAt: Date | null;
  expiresAt: Date | null;
  request: { id: string; number: string };
  /** Flat copies for lists. */
  requestNumber: string;
  entitlementName: string | null;
  systemName: string | null;
  entitlement: { id: string; key: string; name: string; riskTier: string; system: { id: string; key: string; name: string } } | null;
  /** The current secret or certificate, for ROTATE. */
  credential: { label: string; expiresAt: Date | null } | null;
}

/** The subject's active grants, for MODIFY, REVOKE and ROTATE; the subject must be one I may request for. */
export async function activeGrantsFor(db: PrismaClient, actor: Actor, subjectId: string): Promise<ActiveGrant[]> {
  const policy = await getCurrentPolicy(db);
  const subject = await db.identity.findFirst({
    where: { AND: [{ id: subjectId }, mayRequestForWhere(actor, policy.document.requests.onBehalfOf)] },
    select: { id: true },
  });
  if (!subject) throw new AppError("NOT_FOUND", "No identity with this id that you may request for.", "subjectId");
  const rows = await db.grant.findMany({
    where: { identityId: subject.id, status: "ACTIVE" },
    orderBy: [{ grantedAt: "desc" }, { id: "asc" }],
    select: {
      id: true,
      type: true,
      scope: true,
      grantedAt: true,
      expiresAt: true,
      request: { select: { id: true, number: true } },
      entitlement: { select: { id: true, key: true, name: true, riskTier: true, system: { select: { id: true, key: true, name: true } } } },
      secrets: { where: { revokedAt: null }, select: { label: true, prefix: true, expiresAt: true }, orderBy: { version: "desc" }, take: 1 },
      certificates: { where: { revokedAt: null }, select: { serialNumber: true, notAfter: true }, orderBy: { notAfter: "desc" }, take: 1 },
    },
  });
  return rows.map(({ secrets, certificates, request, ...row }) => {
    const secret = secrets[0];
    const certificate = certificates[0];
    return {
      ...row,
      request: { id: request.id, number: formatRequestNumber(request.number) },
      requestNumber: formatRequestNumber(request.number),
      entitlementName: row.entitlement?.name ?? null,
      systemName: row.entitlement?.system.name ?? null,
      credential: secret
        ? { label: `${secret.label} (${secret.prefix}…)`, expiresAt: secret.expiresAt }
        : certificate
          ? { label: `certificate ${certificate.serialNumber}`, expiresAt: certificate.notAfter }
          : null,
    };
  });
}
