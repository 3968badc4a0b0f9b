import { Prisma } from "@/server/db/generated/client";

/** A timestamp as JavaScript's `toISOString()` writes it, so the pack's text is the same whichever reader made it. */
function iso(column: string): Prisma.Sql {
  return Prisma.raw(`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);
}

/** `{ name, email }` of the user `id`, or null. */
function person(id: string): Prisma.Sql {
  return Prisma.raw(`(SELECT json_build_object('name', u.name, 'email', u.email) FROM "User" u WHERE u.id = ${id})`);
}

/** A JSON array of the rows, `[]` when there are none. */
function list(body: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`COALESCE((${body}), '[]'::json)`;
}

/**
 * One query for a whole page: the tickets that `where` (over "AccessRequest" r) selects after
 * number `after`, in number order, each as one JSON text with its relations nested. The keys and
 * their order are those of `TicketRow`; timestamps come as ISO text and sequence numbers as text,
 * so a ticket costs one string until it is reached, instead of a graph of objects per relation.
 */
export function ticketPageSql(where: Prisma.Sql, after: number, take: number): Prisma.Sql {
  return Prisma.sql`
WITH page AS (
  SELECT r.id FROM "AccessRequest" r WHERE ${where} AND r.number > ${after} ORDER BY r.number LIMIT ${take}
)
SELECT r.number, json_build_object(
  'id', r.id, 'number', r.number, 'kind', r.kind, 'exceptionType', r."exceptionType", 'status', r.status,
  'justification', r.justification, 'scope', r.scope, 'approvedScope', r."approvedScope", 'expiresAt', ${iso(`r."expiresAt"`)},
  'riskScore', r."riskScore", 'riskTier', r."riskTier", 'decisionRoute', r."decisionRoute", 'policyRuleId', r."policyRuleId",
  'decisionReasons', r."decisionReasons", 'submittedAt', ${iso(`r."submittedAt"`)}, 'decidedAt', ${iso(`r."decidedAt"`)},
  'closedAt', ${iso(`r."closedAt"`)}, 'createdAt', ${iso(`r."createdAt"`)},
  'requester', ${person(`r."requesterId"`)},
  'subject', (SELECT json_build_object('name', i.name, 'displayName', i."displayName", 'kind', i.kind, 'nhiType', i."nhiType", 'ownerId', i."ownerId")
              FROM "Identity" i WHERE i.id = r."subjectId"),
  'system', (SELECT json_build_object('key', s.key, 'name', s.name) FROM "System" s WHERE s.id = r."systemId"),
  'entitlement', (SELECT json_build_object('key', en.key, 'name', en.name) FROM "Entitlement" en WHERE en.id = r."entitlementId"),
  'policyVersion', (SELECT json_build_object('version', pv.version, 'contentHash', pv."contentHash") FROM "PolicyVersion" pv WHERE pv.id = r."policyVersionId"),
  'stages', ${list(Prisma.sql`SELECT json_agg(json_build_object('position', st.position, 'name', st.name, 'status', st.status, 'quorum', st.quorum,
      'startedAt', ${iso(`st."startedAt"`)}, 'completedAt', ${iso(`st."completedAt"`)}) ORDER BY st.position)
    FROM "ApprovalStage" st WHERE st."requestId" = r.id`)},
  'decisions', ${list(Prisma.sql`SELECT json_agg(json_build_object('outcome', d.outcome, 'comment', d.comment, 'narrowedScope', d."narrowedScope",
      'shortenedExpiresAt', ${iso(`d."shortenedExpiresAt"`)}, 'createdAt', ${iso(`d."createdAt"`)},
      'approver', ${person(`d."approverId"`)}, 'onBehalfOf', ${person(`d."onBehalfOfId"`)},
      'stage', (SELECT json_build_object('position', ds.position, 'name', ds.name) FROM "ApprovalStage" ds WHERE ds.id = d."stageId"))
      ORDER BY d."createdAt", d.id)
    FROM "ApprovalDecision" d WHERE d."requestId" = r.id`)},
  'grants', ${list(Prisma.sql`SELECT json_agg(json_build_object('id', g.id, 'type', g.type, 'status', g.status, 'connectorType', g."connectorType",
      'externalRef', g."externalRef", 'scope', g.scope, 'grantedAt', ${iso(`g."grantedAt"`)}, 'expiresAt', ${iso(`g."expiresAt"`)},
      'revokedAt', ${iso(`g."revokedAt"`)},
      'secrets', ${list(Prisma.sql`SELECT json_agg(json_build_object('label', sc.label, 'fingerprint', sc.fingerprint, 'prefix', sc.prefix,
          'version', sc.version, 'expiresAt', ${iso(`sc."expiresAt"`)}, 'revokedAt', ${iso(`sc."revokedAt"`)}) ORDER BY sc.version, sc.id)
        FROM "Secret" sc WHERE sc."grantId" = g.id`)},
      'certificates', ${list(Prisma.sql`SELECT json_agg(json_build_object('serialNumber', c."serialNumber", 'fingerprintSha256', c."fingerprintSha256",
          'subjectDn', c."subjectDn", 'notBefore', ${iso(`c."notBefore"`)}, 'notAfter', ${iso(`c."notAfter"`)}, 'revokedAt', ${iso(`c."revokedAt"`)}) ORDER BY c.id)
        FROM "Certificate" c WHERE c."grantId" = g.id`)})
      ORDER BY g."createdAt", g.id)
    FROM "Grant" g WHERE g."requestId" = r.id`)},
  'evidence', ${list(Prisma.sql`SELECT json_agg(json_build_object('kind', ce.kind, 'connectorType', ce."connectorType", 'summary', ce.summary,
      'observed', ce.observed, 'artefactSha256', ce."artefactSha256", 'verifiedAt', ${iso(`ce."verifiedAt"`)}, 'grantId', ce."grantId",
      'attestedBy', ${person(`ce."attestedById"`)}, 'grantType', (SELECT eg.type FROM "Grant" eg WHERE eg.id = ce."grantId"))
      ORDER BY ce."verifiedAt", ce.id)
    FROM "ClosureEvidence" ce WHERE ce."requestId" = r.id`)},
  'auditEvents', ${list(Prisma.sql`SELECT json_agg(json_build_object('seq', e.seq::text, 'occurredAt', ${iso(`e."occurredAt"`)}, 'actorType', e."actorType",
      'action', e.action, 'entityType', e."entityType", 'entityId', e."entityId", 'data', e.data, 'prevHash', e."prevHash", 'hash', e.hash,
      'actor', ${person(`e."actorId"`)}) ORDER BY e.seq)
    FROM "AuditEvent" e WHERE e."requestId" = r.id`)}
)::text AS ticket
FROM page p JOIN "AccessRequest" r ON r.id = p.id
ORDER BY r.number`;
}
