import type { Prisma, PrismaClient } from "@/server/db/generated/client";
import { ORPHAN_LIMIT } from "./api-keys";
import { grantFactsSelect, notLiveGrantWhere, orphanRow, utc, whyNotLive, type SourceResult } from "./live";

/** Valid now and not on the CRL: the CA's CRL lists exactly the certificates with a revocation date. */
function validAt(now: Date): Prisma.CertificateWhereInput {
  return { revokedAt: null, notBefore: { lte: now }, notAfter: { gt: now } };
}

/**
 * The internal CA's database is the Certificate table, from which it signs its CRL: every
 * certificate a relying party would accept now is read, and it is an orphan when its grant is
 * not live or its ticket was never approved.
 */
export async function certificateOrphans(db: PrismaClient, now: Date): Promise<SourceResult> {
  const [systems, checked] = [await db.system.count({ where: { connectorType: "CERTIFICATE_AUTHORITY" } }), await db.certificate.count({ where: validAt(now) })];
  const certs = await db.certificate.findMany({
    where: { AND: [validAt(now), { grant: notLiveGrantWhere }] },
    orderBy: [{ notBefore: "desc" }, { id: "asc" }],
    take: ORPHAN_LIMIT,
    select: {
      id: true,
      serialNumber: true,
      subjectDn: true,
      notBefore: true,
      notAfter: true,
      identity: { select: { id: true, name: true, displayName: true } },
      grant: { select: grantFactsSelect },
    },
  });
  const rows = certs.map((c) =>
    orphanRow({
      id: `CERTIFICATE_AUTHORITY|${c.id}`,
      connector: "CERTIFICATE_AUTHORITY",
      system: c.grant.request.system?.name ?? "Internal certificate authority",
      identity: c.identity,
      held: `Certificate ${c.serialNumber} for ${c.subjectDn}, valid until ${utc(c.notAfter)}`,
      at: c.notBefore,
      grant: c.grant,
      why: `The certificate is valid and not on the CRL, but ${whyNotLive(c.grant) ?? "no live grant explains it"}.`,
    }),
  );
  return {
    check: {
      connector: "CERTIFICATE_AUTHORITY",
      label: "Internal CA",
      status: "reconciled",
      systems,
      checked,
      orphans: rows.length,
      note: `Every certificate valid now and not on the CRL, read from the CA's database.${certs.length === ORPHAN_LIMIT ? ` Only the newest ${ORPHAN_LIMIT} orphans are listed.` : ""}`,
    },
    rows,
  };
}
