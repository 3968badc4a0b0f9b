import { Prisma } from "@/server/db/generated/client";
import type { ControlId } from "@/server/domain/controls/catalogue";

/*
 * Which tickets support a control, in SQL over the alias r ("AccessRequest" r). Each condition is
 * controlsFor (server/domain/controls/map.ts) read backwards over a ticket's evidence items: the
 * ticket itself (always there), its policy version, every approval decision, every closure
 * evidence row (with its grant's type) and, for an NHI with an owner, the registered identity.
 * tests/integration/explorer-search.test.ts checks the two agree on every seeded ticket.
 */

// Uncorrelated IN (...) rather than EXISTS: PostgreSQL builds each set once and probes a hash
// per ticket, instead of an index lookup per ticket and condition (the per-control counts over
// every ticket run each condition for each of them).
const SUBJECT_IS_OAUTH_APP = Prisma.sql`r."subjectId" IN (SELECT si."id" FROM "Identity" si WHERE si."kind" = 'NHI' AND si."nhiType" = 'OAUTH_APP')`;
const HAS_DECISION = Prisma.sql`r."id" IN (SELECT cd."requestId" FROM "ApprovalDecision" cd)`;
const HAS_CLOSURE = Prisma.sql`r."id" IN (SELECT ce."requestId" FROM "ClosureEvidence" ce)`;
const HAS_REMOVAL_CLOSURE = Prisma.sql`r."id" IN (SELECT ce."requestId" FROM "ClosureEvidence" ce WHERE ce."kind" IN ('REVOKED', 'MODIFIED', 'CANCELLED'))`;
const HAS_CREDENTIAL_CLOSURE = Prisma.sql`r."id" IN (
  SELECT ce."requestId" FROM "ClosureEvidence" ce LEFT JOIN "Grant" cg ON cg."id" = ce."grantId"
  WHERE ce."kind" = 'ROTATED' OR cg."type" IN ('SECRET', 'CERTIFICATE'))`;
const SUBJECT_HAS_OWNER = Prisma.sql`r."subjectId" IN (SELECT si."id" FROM "Identity" si WHERE si."kind" = 'NHI' AND si."ownerId" IS NOT NULL)`;

/** Every ticket is evidence of a policy decision (GV.RM-01, A.5.15) and of managed access rights (A.5.18). */
const ALWAYS = Prisma.sql`TRUE`;

const CONTROL_SQL: Record<ControlId, Prisma.Sql> = {
  "NIST-CSF-2.0:GV.RM-01": ALWAYS,
  "ISO27001:A.5.15": ALWAYS,
  "ISO27001:A.5.18": ALWAYS,
  // A third party: a vendor session, or an OAuth app as the subject (then every item of the ticket is about it).
  "OWASP-NHI:NHI-03": Prisma.sql`(r."exceptionType" = 'VENDOR' OR ${SUBJECT_IS_OAUTH_APP})`,
  "SOC2:CC6.2": Prisma.sql`(r."kind" IN ('GRANT', 'EXCEPTION') OR ${HAS_DECISION} OR ${HAS_REMOVAL_CLOSURE})`,
  "SOC2:CC6.3": Prisma.sql`(r."kind" IN ('MODIFY', 'REVOKE', 'REVIEW') OR ${HAS_DECISION} OR ${HAS_REMOVAL_CLOSURE})`,
  "SOC2:CC6.1": HAS_CLOSURE,
  "ISO27001:A.5.17": Prisma.sql`(r."kind" = 'ROTATE' OR ${HAS_CREDENTIAL_CLOSURE})`,
  "NIST-SP-800-63": Prisma.sql`(r."kind" = 'ROTATE' OR ${HAS_CREDENTIAL_CLOSURE})`,
  "ISO27001:A.5.16": SUBJECT_HAS_OWNER,
};

/** The condition under which ticket r supports one control. */
export function controlMatchSql(control: ControlId): Prisma.Sql {
  return CONTROL_SQL[control];
}
