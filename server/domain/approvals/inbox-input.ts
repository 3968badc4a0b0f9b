import { z } from "zod";

export const INBOX_SORTS = ["age", "sla", "risk", "number"] as const;
export const SLA_STATES = ["ok", "due_soon", "overdue"] as const;
export type InboxSort = (typeof INBOX_SORTS)[number];
export type SlaState = (typeof SLA_STATES)[number];

export const inboxInput = z.object({
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(100).default(25),
  sort: z.enum(INBOX_SORTS).default("sla"),
  dir: z.enum(["asc", "desc"]).optional(),
  filters: z
    .object({
      riskTier: z.array(z.enum(["LOW", "MEDIUM", "HIGH", "CRITICAL"])).max(4).optional(),
      systemKey: z.string().trim().min(1).max(100).optional(),
      kind: z.array(z.enum(["GRANT", "MODIFY", "REVOKE", "ROTATE", "EXCEPTION", "REVIEW"])).max(6).optional(),
      slaState: z.enum(SLA_STATES).optional(),
      q: z.string().trim().max(200).optional(),
    })
    .default({}),
});
export type InboxInput = z.input<typeof inboxInput>;
export type InboxQuery = z.output<typeof inboxInput>;

/** The direction a column reads naturally in: most urgent, riskiest, oldest and newest-numbered first. */
export const DEFAULT_DIR: Record<InboxSort, "asc" | "desc"> = { age: "asc", sla: "asc", risk: "desc", number: "desc" };
