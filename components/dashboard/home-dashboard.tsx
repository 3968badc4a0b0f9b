import { canAccess, type Role } from "@/server/auth/roles";
import type { HomeFigures } from "@/server/domain/dashboard/home";
import { CataloguePanel } from "./catalogue-panel";
import { ExpiringPanel } from "./expiring-panel";
import { HomeStats } from "./home-stats";
import { MyRequestsPanel } from "./my-requests-panel";
import { WaitingPanel } from "./waiting-panel";

/**
 * The persona's home: headline figures, then the lists behind them. Which sections show is
 * decided by the server (a section a role may not see is null), not by hiding markup here.
 */
export function HomeDashboard({
  figures,
  roles,
  now,
  expiryDays,
}: {
  figures: HomeFigures;
  roles: readonly Role[];
  now: Date;
  expiryDays: number;
}) {
  // Someone without the requester role only sees "my requests" if they somehow have some.
  const showMyRequests = roles.includes("REQUESTER") || figures.myRequests.openCount > 0;
  return (
    <div className="flex flex-col gap-6">
      <HomeStats
        figures={figures}
        showMyRequests={showMyRequests}
        canVerify={canAccess(roles, "auditor")}
        now={now}
        expiryDays={expiryDays}
      />
      {figures.catalogue ? <CataloguePanel catalogue={figures.catalogue} /> : null}
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-2 lg:[&>:last-child:nth-child(odd)]:col-span-2">
        {figures.waitingOnMe ? <WaitingPanel items={figures.waitingOnMe.oldest} total={figures.waitingOnMe.count} now={now} /> : null}
        {showMyRequests ? <MyRequestsPanel data={figures.myRequests} now={now} /> : null}
        {figures.expiringGrants ? (
          <ExpiringPanel
            grants={figures.expiringGrants.soonest}
            total={figures.expiringGrants.count}
            days={expiryDays}
            now={now}
          />
        ) : null}
      </div>
    </div>
  );
}
