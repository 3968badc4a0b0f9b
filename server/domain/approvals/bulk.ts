import { z } from "zod";
import type { PrismaClient } from "@/server/db/generated/client";
import { AppError, isAppError } from "@/server/domain/errors";
import { formatRequestNumber } from "@/server/domain/requests/number";
import { ticketNumberSchema } from "@/server/domain/requests/input";
import { ticketNumber, visibleTicketWhere, type Viewer } from "@/server/domain/requests/visibility";
import { decideStage } from "@/server/domain/workflow/decide";

export const bulkApproveInput = z.object({
  numbers: z.array(ticketNumberSchema).min(1, "Select at least one ticket").max(50, "Approve at most 50 tickets at once"),
  comment: z.string().trim().min(1, "Write the comment recorded on each approval").max(2000, "must be at most 2,000 characters"),
});
export type BulkApproveInput = z.infer<typeof bulkApproveInput>;

export interface BulkResult {
  number: string;
  ok: boolean;
  status?: string;
  error?: string;
}

/**
 * Approves several low-risk tickets with one comment recorded on each. Every ticket must be
 * LOW risk before anything is decided; then each is decided on its own, through the same
 * decision as a single approval (locks, separation of duties, quorum), and reports its outcome.
 */
export async function bulkApprove(db: PrismaClient, actor: Viewer, input: BulkApproveInput, now: Date = new Date()): Promise<{ results: BulkResult[] }> {
  const numbers = [...new Set(input.numbers.map((n) => ticketNumber(n)))];
  const rows = await db.accessRequest.findMany({
    where: { AND: [{ number: { in: numbers } }, visibleTicketWhere(actor, now)] },
    select: { number: true, riskTier: true },
  });
  for (const number of numbers) {
    const row = rows.find((r) => r.number === number);
    if (!row) throw new AppError("NOT_FOUND", `No ticket ${formatRequestNumber(number)} that you may see.`, "numbers");
    if (row.riskTier !== "LOW") {
      throw new AppError("BAD_REQUEST", `${formatRequestNumber(number)} is ${row.riskTier ?? "unscored"} risk: bulk approval is only for LOW-risk tickets; review it on its own.`, "numbers");
    }
  }
  const results: BulkResult[] = [];
  for (const number of numbers) {
    try {
      const decided = await decideStage(db, actor, { number, outcome: "APPROVE", comment: input.comment }, now);
      results.push({ number: formatRequestNumber(number), ok: true, status: decided.status });
    } catch (error) {
      if (!isAppError(error)) throw error;
      results.push({ number: formatRequestNumber(number), ok: false, error: error.message });
    }
  }
  return { results };
}
