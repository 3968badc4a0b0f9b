import Link from "next/link";
import { Panel } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { RelativeTime } from "@/components/ui/relative-time";
import type { WaitingItem } from "@/server/domain/dashboard/lists";
import { ListRow, RowList, ShownOf } from "./list-row";
import { SlaChip } from "./sla";

export function WaitingPanel({ items, total, now }: { items: WaitingItem[]; total: number; now: Date }) {
  return (
    <Panel
      id="waiting"
      title="Waiting on your decision"
      description="Oldest first, with the SLA of the approval stage."
      action={
        <Link href="/approvals" aria-label="See all that waits on you" className="shrink-0 text-xs font-medium text-brand-700 hover:underline">
          See all
        </Link>
      }
    >
      {items.length === 0 ? (
        <EmptyState title="Nothing waits on you">
          Your approval inbox is clear. New requests routed to you, or delegated to you, will appear here.
        </EmptyState>
      ) : (
        <RowList label="Waiting on your decision">
          {items.map((item) => (
            <ListRow
              key={`${item.requestId}-${item.stageName}`}
              number={item.number}
              title={item.title}
              meta={`From ${item.requesterName} · ${item.stageName} stage`}
              badge={<SlaChip dueAt={item.dueAt} now={now} />}
              aside={<RelativeTime date={item.assignedAt} now={now} prefix="Assigned" />}
            />
          ))}
        </RowList>
      )}
      <ShownOf shown={items.length} total={total} noun="oldest" />
    </Panel>
  );
}
