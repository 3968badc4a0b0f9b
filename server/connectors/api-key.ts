import type { Prisma } from "@/server/db/generated/client";
import { generateApiKey } from "@/server/domain/credentials/api-key-format";
import { apiKeyConfig } from "./api-key/config";
import { isUsable, observeSecrets } from "./api-key/observe";
import { inGrantLock } from "./grant-lock";
import { ConnectorError, type Connector, type ConnectorTarget, type GrantResult } from "./types";

const MINUTE = 60_000;

const versionSelect = {
  id: true,
  version: true,
  prefix: true,
  fingerprint: true,
  algorithm: true,
  rotatedFromId: true,
  expiresAt: true,
  revokedAt: true,
  lastUsedAt: true,
  createdAt: true,
} satisfies Prisma.SecretSelect;

/**
 * API keys for non-human identities, issued by the portal itself. The Secret rows are the target:
 * they hold the SHA-256 fingerprint and metadata of each key version, never the key. The key is
 * returned once, by the `grant` that issues it or the `rotate` that replaces it; a repeated `grant`
 * or `rotate` returns the existing key's reference without a value, because the value cannot be
 * recovered. A rotation puts version N+1 on the rotating ticket's own grant and cuts version N's
 * expiry to the end of the overlap.
 * Keys are checked by `checkApiKey` (server/domain/credentials/api-key-check.ts).
 *
 * connectorConfig: `keyPrefix` (e.g. "acme_"; default "ak_live_"), `overlapMinutes` (how long the
 * previous version keeps working after a rotation; default 60).
 */
export const apiKeyConnector: Connector = {
  type: "API_KEY",

  async grant(ctx, target) {
    const { keyPrefix } = apiKeyConfig(target.system.config);
    requireNhi(target);
    if (target.expiresAt && target.expiresAt <= ctx.now) {
      throw new ConnectorError(`expiresAt ${target.expiresAt.toISOString()} is not in the future: an expired key is not issued`, false);
    }
    return inGrantLock(ctx, target.grantId, "API key version", async (tx): Promise<GrantResult> => {
      const rows = await tx.secret.findMany({ where: { grantId: target.grantId }, orderBy: { version: "desc" }, select: { id: true, revokedAt: true } });
      const live = rows.find((r) => r.revokedAt === null);
      if (live) return { externalRef: live.id };
      if (rows.length > 0) {
        throw new ConnectorError(`grant ${target.grantId} had its API key revoked; a revoked grant is not issued again`, false);
      }
      const key = generateApiKey(keyPrefix);
      const created = await tx.secret.create({
        data: {
          grantId: target.grantId,
          identityId: target.identity.id,
          label: labelFor(target),
          fingerprint: key.fingerprint,
          prefix: key.prefix,
          algorithm: "sha256",
          version: 1,
          expiresAt: target.expiresAt,
        },
        select: { id: true },
      });
      return { externalRef: created.id, secret: { value: key.value, fingerprint: key.fingerprint, prefix: key.prefix } };
    });
  },

  async rotate(ctx, target, previous) {
    const { keyPrefix, overlapMinutes } = apiKeyConfig(target.system.config);
    requireNhi(target);
    return inGrantLock(ctx, target.grantId, "API key version", async (tx): Promise<GrantResult> => {
      const issued = await tx.secret.findFirst({ where: { grantId: target.grantId, revokedAt: null }, select: { id: true } });
      if (issued) return { externalRef: issued.id };
      await tx.$queryRaw`SELECT id FROM "Grant" WHERE id = ${previous.grantId} FOR UPDATE`;
      const current = await tx.secret.findFirst({
        where: { grantId: previous.grantId, revokedAt: null },
        orderBy: { version: "desc" },
        select: { id: true, version: true, expiresAt: true, identityId: true, rotatedTo: { select: { version: true, grantId: true } } },
      });
      if (!current || current.identityId !== target.identity.id || !isUsable({ revokedAt: null, expiresAt: current.expiresAt }, ctx.now)) {
        throw new ConnectorError(`grant ${previous.grantId} has no active API key of ${target.identity.name} to rotate`, false);
      }
      if (current.rotatedTo) {
        throw new ConnectorError(`version ${current.version} of grant ${previous.grantId} was already rotated to version ${current.rotatedTo.version} (grant ${current.rotatedTo.grantId})`, false);
      }
      const overlapEnd = new Date(ctx.now.getTime() + overlapMinutes * MINUTE);
      const previousUntil = current.expiresAt && current.expiresAt < overlapEnd ? current.expiresAt : overlapEnd;
      const key = generateApiKey(keyPrefix);
      await tx.secret.update({ where: { id: current.id }, data: { expiresAt: previousUntil } });
      const created = await tx.secret.create({
        data: {
          grantId: target.grantId,
          identityId: target.identity.id,
          label: labelFor(target),
          fingerprint: key.fingerprint,
          prefix: key.prefix,
          algorithm: "sha256",
          version: current.version + 1,
          rotatedFromId: current.id,
          expiresAt: target.expiresAt ?? current.expiresAt,
        },
        select: { id: true },
      });
      await tx.identity.update({ where: { id: target.identity.id }, data: { lastRotatedAt: ctx.now } });
      return { externalRef: created.id, previousUntil, secret: { value: key.value, fingerprint: key.fingerprint, prefix: key.prefix } };
    });
  },

  async revoke(ctx, target) {
    await ctx.db.secret.updateMany({ where: { grantId: target.grantId, revokedAt: null }, data: { revokedAt: ctx.now } });
  },

  async verify(ctx, target) {
    const rows = await ctx.db.secret.findMany({ where: { grantId: target.grantId }, orderBy: { version: "asc" }, select: versionSelect });
    const observation = observeSecrets(target.grantId, target.identity.name, rows, ctx.now);
    const byRef = rows.find((r) => r.id === target.externalRef);
    observation.observed.externalRef = target.externalRef;
    observation.observed.externalRefFound = Boolean(byRef);
    return observation;
  },
};

function requireNhi(target: ConnectorTarget): void {
  if (target.identity.kind !== "NHI") {
    throw new ConnectorError(`identity ${target.identity.name} is a person: API keys are issued to non-human identities only`, false);
  }
}

function labelFor(target: ConnectorTarget): string {
  return `${target.system.key} key for ${target.identity.name}`;
}
