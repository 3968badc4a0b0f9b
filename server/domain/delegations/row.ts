import type { Prisma } from "@/server/db/generated/client";
import { statusOf, type DelegationStatus } from "./period";

export const DELEGATION_SELECT = {
  id: true,
  startsAt: true,
  endsAt: true,
  reason: true,
  createdAt: true,
  delegator: { select: { id: true, name: true, email: true } },
  delegate: { select: { id: true, name: true, email: true } },
} as const satisfies Prisma.DelegationSelect;

type DelegationDbRow = Prisma.DelegationGetPayload<{ select: typeof DELEGATION_SELECT }>;

export interface DelegationRow {
  id: string;
  delegator: { id: string; name: string; email: string };
  delegate: { id: string; name: string; email: string };
  startsAt: Date;
  endsAt: Date;
  reason: string | null;
  createdAt: Date;
  status: DelegationStatus;
}

export function toDelegationRow(row: DelegationDbRow, now: Date): DelegationRow {
  return {
    id: row.id,
    delegator: row.delegator,
    delegate: row.delegate,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    reason: row.reason,
    createdAt: row.createdAt,
    status: statusOf(row, now),
  };
}
