import { ConnectorError, type Connector, type ConnectorContext, type ConnectorTarget, type Observation } from "./types";
import { checkIdentifier, checkRoleName, formatRef, memberRoleName, parseRef, type MembershipRef } from "./postgres/identifiers";
import { findRole, grantMembership, readMembership, readTableGrants, revokeMembership } from "./postgres/operations";
import { readPrivileges } from "./postgres/privileges";
import { planGrant, type PgPlan } from "./postgres/plan";
import { openTarget } from "./postgres/session";

/**
 * PostgreSQL roles. A grant makes sure the group role named by the scope exists (NOLOGIN) with
 * the scope's privileges on its schemas, tables and views, makes sure a NOLOGIN role for the
 * identity exists, and grants the group to it. Revoke removes that membership only. Verify reads
 * pg_auth_members and the privilege catalogues; its observation is the closure evidence.
 *
 * With `connectorConfig.url` the target is that server (the database is the scope's). Without it
 * the target is the portal's own database, each target schema living as `target_<db>__<schema>`.
 */
export const postgresConnector: Connector = {
  type: "POSTGRES",

  async grant(ctx, target) {
    const plan = planOf(target);
    await grantMembership(openTarget(ctx.db, target.system.config, plan.database), plan);
    return { externalRef: formatRef(plan) };
  },

  async revoke(ctx, target) {
    const ref = refOf(target);
    await revokeMembership(openTarget(ctx.db, target.system.config, ref.database), ref);
  },

  async verify(ctx, target) {
    return observe(ctx, target);
  },
};

function planOf(target: ConnectorTarget): PgPlan {
  return planGrant(target.scope, target.system.config, target.identity.name);
}

/**
 * The membership an externalRef names. A reference that is not one of ours (none, or the grant's
 * id when a grant's result was never recorded) is never written into SQL: the names then follow
 * from the identity and the scope, exactly as grant derives them.
 */
function refOf(target: ConnectorTarget & { externalRef: string }): MembershipRef {
  const parsed = parseRef(target.externalRef ?? "");
  if (parsed) return parsed;
  // Names only: removing or reading a membership never depends on the privileges the scope lists.
  return {
    database: checkIdentifier(target.scope.database ?? target.system.config.database, "scope.database"),
    groupRole: checkRoleName(target.scope.role, "scope.role"),
    memberRole: memberRoleName(target.identity.name),
  };
}

/** The grant's plan for reading privileges back; a scope no grant could carry out reads as none. */
function observedPlan(target: ConnectorTarget, ref: MembershipRef): PgPlan {
  try {
    return { ...planOf(target), ...ref };
  } catch (error) {
    if (!(error instanceof ConnectorError) || error.retryable) throw error;
    return { ...ref, schemas: [], relations: [], tablePrivileges: [], schemaPrivileges: [], requested: [] };
  }
}

async function observe(ctx: ConnectorContext, target: ConnectorTarget & { externalRef: string }): Promise<Observation> {
  const ref = refOf(target);
  const plan = observedPlan(target, ref);
  const db = openTarget(ctx.db, target.system.config, ref.database);
  return db.transaction(
    async (sql) => {
      const [clock] = await sql.query<{ now: Date | string }>("SELECT now() AS now");
      const membership = await readMembership(sql, ref);
      const member = await findRole(sql, ref.memberRole);
      const group = await findRole(sql, ref.groupRole);
      const privileges = await readPrivileges(sql, db, plan);
      const tableGrants = group ? await readTableGrants(sql, ref.groupRole) : [];
      const present = membership.length > 0;
      const held = privileges.missing.length === 0;
      const onWhat = plan.relations ? `${privileges.relationCount} named relation(s)` : `schema(s) ${plan.schemas.join(", ")}`;
      const summary = present
        ? `Role ${ref.groupRole} granted to ${ref.memberRole} in ${ref.database} (pg_auth_members); ${ref.groupRole} ${held ? "holds" : "lacks part of"} ${[...plan.tablePrivileges, ...plan.schemaPrivileges].join(", ")} on ${onWhat}${held ? "" : ` (missing: ${privileges.missing.slice(0, 3).join("; ")})`}.`
        : `Role ${ref.memberRole} is not a member of ${ref.groupRole} in ${ref.database} (pg_auth_members${member ? "" : `; role ${ref.memberRole} does not exist`}${group ? "" : `; role ${ref.groupRole} does not exist`}).`;
      return {
        present,
        summary,
        observed: {
          source: "pg_auth_members, pg_roles, has_schema_privilege, has_table_privilege, information_schema.role_table_grants",
          target: { kind: db.kind, where: db.where, database: ref.database },
          readAt: clock ? new Date(clock.now).toISOString() : null,
          memberRole: ref.memberRole,
          groupRole: ref.groupRole,
          membership,
          memberRoleExists: Boolean(member),
          memberCanLogin: member?.rolcanlogin ?? null,
          // Without INHERIT the member holds the group's privileges only after SET ROLE.
          memberInherits: member?.rolinherit ?? null,
          groupRoleExists: Boolean(group),
          groupAttributes: group ? { canLogin: group.rolcanlogin, superuser: group.rolsuper, createRole: group.rolcreaterole, createDb: group.rolcreatedb } : null,
          privileges: {
            requested: plan.requested,
            table: plan.tablePrivileges,
            schema: plan.schemaPrivileges,
            held,
            missing: privileges.missing.slice(0, 100),
            missingCount: privileges.missing.length,
            schemas: privileges.schemas,
            relations: privileges.relations,
            relationCount: privileges.relationCount,
          },
          tableGrants,
        },
      };
    },
    { readOnly: true },
  );
}
