import { approvalsRouter } from "./routers/approvals";
import { auditRouter } from "./routers/audit";
import { catalogueRouter } from "./routers/catalogue";
import { catalogueAdminRouter } from "./routers/catalogue-admin";
import { dashboardRouter } from "./routers/dashboard";
import { delegationsRouter } from "./routers/delegations";
import { evidenceRouter } from "./routers/evidence";
import { explorerRouter } from "./routers/explorer";
import { fulfilmentRouter } from "./routers/fulfilment";
import { gapsRouter } from "./routers/gaps";
import { identitiesRouter } from "./routers/identities";
import { meRouter } from "./routers/me";
import { notificationsRouter } from "./routers/notifications";
import { policyRouter } from "./routers/policy";
import { requestsRouter } from "./routers/requests";
import { usersRouter } from "./routers/users";
import { createTRPCRouter } from "./trpc";

/** Every router of the API. A new procedure also needs its row in the authorization matrix test. */
export const appRouter = createTRPCRouter({
  me: meRouter,
  dashboard: dashboardRouter,
  requests: requestsRouter,
  approvals: approvalsRouter,
  delegations: delegationsRouter,
  audit: auditRouter,
  users: usersRouter,
  policy: policyRouter,
  catalogueAdmin: catalogueAdminRouter,
  catalogue: catalogueRouter,
  identities: identitiesRouter,
  notifications: notificationsRouter,
  fulfilment: fulfilmentRouter,
  gaps: gapsRouter,
  evidence: evidenceRouter,
  explorer: explorerRouter,
});

export type AppRouter = typeof appRouter;
