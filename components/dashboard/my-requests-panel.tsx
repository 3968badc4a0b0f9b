import { StatusBadge } from "@/components/status-badge";
import { Panel } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { RelativeTime } from "@/components/ui/relative-time";
import type { HomeFigures } from "@/server/domain/dashboard/home";
import { ListRow, RowList, ShownOf } from "./list-row";

export function MyRequestsPanel({ data, now }: { data: HomeFigures["myRequests"]; now: Date }) {
  return (
    <Panel id="my-requests" title="My requests in progress" description="Tickets you raised that are still in progress, latest activity first.">
      {data.recent.length === 0 ? (
        <EmptyState title="No open requests">
          When you ask for access for yourself, a teammate or a service you own, the ticket and its progress show up here.
        </EmptyState>
      ) : (
        <RowList label="My requests in progress">
          {data.recent.map((request) => (
            <ListRow
              key={request.id}
              number={request.number}
              title={request.title}
              badge={<StatusBadge status={request.status} />}
              aside={<RelativeTime date={request.updatedAt} now={now} prefix="Updated" />}
            />
          ))}
        </RowList>
      )}
      <ShownOf shown={data.recent.length} total={data.openCount} noun="latest" />
    </Panel>
  );
}
