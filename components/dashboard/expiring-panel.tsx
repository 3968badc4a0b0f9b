import { Panel } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { RelativeTime } from "@/components/ui/relative-time";
import type { ExpiringGrant } from "@/server/domain/dashboard/home";
import { ListRow, RowList, ShownOf } from "./list-row";

export function ExpiringPanel({ grants, total, days, now }: { grants: ExpiringGrant[]; total: number; days: number; now: Date }) {
  return (
    <Panel id="expiring" title="Grants expiring soon" description={`Active access that ends within ${days} days and will be revoked automatically.`}>
      {grants.length === 0 ? (
        <EmptyState title={`Nothing expires in the next ${days} days`}>
          Active grants approaching their expiry date are listed here, soonest first.
        </EmptyState>
      ) : (
        <RowList label="Grants expiring soon">
          {grants.map((grant) => (
            <ListRow
              key={grant.id}
              number={grant.number}
              title={grant.what}
              meta={`For ${grant.identityName}`}
              badge={
                <span className="inline-flex items-center whitespace-nowrap rounded-full bg-amber-50 px-2 py-0.5 text-xs font-medium text-amber-800 ring-1 ring-inset ring-amber-200">
                  <RelativeTime date={grant.expiresAt} now={now} prefix="Expires" />
                </span>
              }
            />
          ))}
        </RowList>
      )}
      <ShownOf shown={grants.length} total={total} noun="soonest" />
    </Panel>
  );
}
