import { Prisma } from "@/server/db/generated/client";
import { ConnectorError, type ConnectorContext } from "./types";

/**
 * Runs a credential issuer's step under the Grant row's lock (held to the end of the
 * transaction), so two fulfilment attempts running at once cannot both issue a credential, and
 * nothing is issued on a grant that is no longer being granted (a cancelled ticket's grant).
 * `what` names the credential in the error when a unique value collides, which a retry fixes.
 */
export async function inGrantLock<T>(ctx: ConnectorContext, grantId: string, what: string, fn: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  try {
    return await ctx.db.$transaction(
      async (tx) => {
        const [locked] = await tx.$queryRaw<{ status: string }[]>`SELECT status::text FROM "Grant" WHERE id = ${grantId} FOR UPDATE`;
        if (!locked) throw new ConnectorError(`grant ${grantId} does not exist`, false);
        if (locked.status !== "PENDING" && locked.status !== "ACTIVE") throw new ConnectorError(`grant ${grantId} is ${locked.status}; nothing is issued on it`, false);
        return fn(tx);
      },
      { timeout: 30_000 },
    );
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new ConnectorError(`the new ${what} collided with an existing one; retry`, true);
    }
    throw error;
  }
}
