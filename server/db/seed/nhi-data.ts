import type { Environment, IdentityStatus, NhiType } from "@/server/db/generated/client";

export interface NhiDef {
  name: string;
  displayName: string;
  type: NhiType;
  owner: string;
  backup: string | null;
  workload: string;
  environment: Environment;
  dependencies: string[];
  credentialScope: string;
  rotationPeriodDays: number;
  lastRotatedDaysAgo: number;
  /** Catalogue items this identity plausibly holds ("system:entitlement"). */
  uses: string[];
  status?: IdentityStatus;
  description: string;
}

const d = (
  name: string,
  displayName: string,
  type: NhiType,
  owner: string,
  backup: string | null,
  workload: string,
  environment: Environment,
  dependencies: string[],
  uses: string[],
  rotation: [number, number],
  description: string,
  status?: IdentityStatus,
): NhiDef => ({
  name,
  displayName,
  type,
  owner,
  backup,
  workload,
  environment,
  dependencies,
  credentialScope: uses.join(", "),
  rotationPeriodDays: rotation[0],
  lastRotatedDaysAgo: rotation[1],
  uses,
  status,
  description,
});

// Owners whose accounts are inactive, and identities without a backup owner, are deliberate:
// the gap reports need real findings.
export const NHI_DEFS: NhiDef[] = [
  d("svc-checkout-worker", "Checkout worker", "SERVICE_ACCOUNT", "Riley Requester", "Avery Approver", "checkout-worker (prod-eu-1/checkout)", "PRODUCTION", ["orders-db", "api-keys", "notify-api"], ["orders-db:orders_app_rw", "api-keys:orders_api_write", "internal-ca:mtls_client_cert", "api-keys:notify_send_key"], [90, 41], "Consumes the checkout queue and writes orders."),
  d("ci-checkout-deploy", "Checkout CI deployer", "BOT", "Riley Requester", "Avery Approver", "checkout CI pipeline", "PRODUCTION", ["source-org", "k8s-prod", "cloud-prod"], ["source-org:ci_contents_write", "k8s-prod:deployer", "cloud-prod:cloud_deployer"], [30, 12], "Builds, tests and deploys the checkout services."),
  d("svc-orders-api", "Orders API", "SERVICE_ACCOUNT", "Sofia Lindqvist", "Amara Nwosu", "orders-api (prod-eu-1/orders)", "PRODUCTION", ["orders-db", "internal-ca"], ["orders-db:orders_app_rw", "internal-ca:mtls_server_cert", "api-keys:orders_api_read"], [90, 70], "Serves the orders REST API to internal clients."),
  d("svc-payments-gateway", "Payments gateway", "WORKLOAD", "Raj Patel", "Helen Carter", "payments-gateway (prod-eu-1/payments)", "PRODUCTION", ["payments-api", "internal-ca", "card-network"], ["api-keys:payments_api_key", "internal-ca:payments_mtls_cert", "payments-api:payments_initiate"], [30, 18], "Talks to the card network over mTLS and initiates payouts."),
  d("svc-reconciliation", "Payment reconciliation", "SERVICE_ACCOUNT", "Raj Patel", null, "nightly reconciliation job", "PRODUCTION", ["payments-api", "warehouse"], ["payments-api:reconciliation_service", "warehouse:finance_mart_read"], [90, 120], "Matches settlements against payments every night."),
  d("etl-airflow", "Airflow ETL", "WORKLOAD", "Ethan Brooks", "Isabel Moreno", "airflow scheduler and workers", "PRODUCTION", ["warehouse", "orders-db", "cloud-prod"], ["warehouse:etl_loader", "cloud-prod:cloud_datalake_read", "api-keys:events_ingest_key"], [90, 33], "Loads raw events and order snapshots into the warehouse."),
  d("bi-dashboards", "BI dashboards", "OAUTH_APP", "Lucas Silva", "Isabel Moreno", "BI tool (SaaS)", "PRODUCTION", ["warehouse"], ["warehouse:bi_reader", "warehouse:marts_read"], [180, 60], "Dashboard tool reading curated marts through an OAuth connection."),
  d("ml-feature-pipeline", "ML feature pipeline", "WORKLOAD", "Zoe Campbell", "Mei Tanaka", "feature pipeline (prod-eu-1/ml)", "PRODUCTION", ["warehouse", "cloud-prod"], ["warehouse:marts_read", "cloud-prod:cloud_datalake_read", "internal-ca:mtls_client_cert"], [90, 15], "Computes features for the fraud and recommendation models."),
  d("ai-support-triage", "Support triage agent", "AI_AGENT", "Carmen Ruiz", "Jamal Wright", "support triage agent", "PRODUCTION", ["servicedesk", "orders-db"], ["servicedesk:automation_bot", "api-keys:orders_api_read"], [30, 9], "Labels and routes incoming support tickets, drafts replies for agents."),
  d("ai-code-review", "Code review agent", "AI_AGENT", "Diego Fernandez", "Avery Approver", "pull-request review agent", "PRODUCTION", ["source-org"], ["source-org:ci_contents_write", "source-org:advisories_read"], [30, 22], "Comments on pull requests; may push suggested fixes to bot branches."),
  d("ai-finance-assistant", "Finance assistant agent", "AI_AGENT", "Oliver Grant", "Helen Carter", "month-end close assistant", "PRODUCTION", ["warehouse", "payments-api"], ["warehouse:finance_mart_read", "payments-api:payments_read"], [30, 27], "Prepares month-end reconciliations for the accounting team."),
  d("bot-dependency-updates", "Dependency update bot", "BOT", "Nikolai Petrov", "Omar Haddad", "dependency update bot", "PRODUCTION", ["source-org"], ["source-org:ci_contents_write"], [90, 50], "Opens pull requests that bump dependencies."),
  d("bot-qa-nightly", "Nightly QA bot", "BOT", "Tom Becker", "Sofia Lindqvist", "nightly end-to-end suite", "STAGING", ["staging-db"], ["staging-db:staging_app_rw"], [90, 140], "Runs the nightly end-to-end suite against staging."),
  d("svc-legacy-cron", "Legacy cron host", "SERVICE_ACCOUNT", "Samuel Adeyemi", null, "cron-01 (virtual machine)", "PRODUCTION", ["orders-db", "api-keys"], ["orders-db:orders_app_rw", "api-keys:orders_api_read"], [90, 210], "Old cron host that still exports orders for finance."),
  d("oauth-crm-sync", "CRM contact sync", "OAUTH_APP", "Ben Thompson", "Rachel Kim", "CRM marketplace integration", "PRODUCTION", ["crm", "warehouse"], ["warehouse:marts_read"], [180, 75], "Pushes product usage figures into CRM accounts."),
  d("oauth-hris-directory", "HR directory sync", "OAUTH_APP", "Chris Novak", "Fatima Hassan", "directory sync connector", "PRODUCTION", ["peoplehub"], ["peoplehub:hris_sync"], [180, 44], "Reads joiners, movers and leavers from the HR system."),
  d("svc-notifications", "Notification service", "SERVICE_ACCOUNT", "Lena Fischer", "Sofia Lindqvist", "notifications (prod-eu-1/platform)", "PRODUCTION", ["notify-api", "internal-ca"], ["api-keys:notify_send_key", "internal-ca:mtls_client_cert"], [90, 30], "Sends transactional email and SMS."),
  d("svc-events-collector", "Events collector", "WORKLOAD", "Kenji Watanabe", "Sofia Lindqvist", "events-collector (prod-eu-1/data)", "PRODUCTION", ["events-ingest", "warehouse"], ["api-keys:events_ingest_key", "warehouse:etl_loader"], [90, 58], "Receives product analytics events from the apps."),
  d("k8s-deployer", "Cluster deployer", "SERVICE_ACCOUNT", "Grace Liu", "Chloe Martin", "deployment controller", "PRODUCTION", ["k8s-prod", "cloud-prod"], ["k8s-prod:deployer", "cloud-prod:cloud_deployer", "internal-ca:mtls_client_cert"], [30, 6], "Rolls out releases approved in the release pipeline."),
  d("terraform-runner", "Terraform runner", "BOT", "Chloe Martin", "Grace Liu", "infrastructure pipeline", "PRODUCTION", ["cloud-prod"], ["cloud-prod:cloud_deployer", "cloud-prod:cloud_security_audit"], [30, 25], "Plans and applies infrastructure changes after review."),
  d("svc-release-signing", "Release signing", "WORKLOAD", "Nikolai Petrov", null, "release signing service", "PRODUCTION", ["internal-ca"], ["internal-ca:code_signing_cert"], [30, 29], "Signs release artefacts and container images."),
  d("security-scanner", "Security scanner", "BOT", "Felix Wagner", "Nadia Rahman", "posture and secret scanner", "PRODUCTION", ["cloud-prod", "source-org", "k8s-prod"], ["cloud-prod:cloud_security_audit", "source-org:advisories_read", "k8s-prod:logs_read", "internal-ca:mtls_client_cert"], [90, 11], "Scans cloud configuration, repositories and cluster logs."),
  d("svc-staging-loadgen", "Staging load generator", "WORKLOAD", "Hannah Kowalski", "Avery Approver", "load generator (staging)", "STAGING", ["staging-db"], ["staging-db:staging_app_rw"], [180, 35], "Replays anonymised traffic against staging."),
  d("svc-fraud-scoring", "Fraud scoring", "WORKLOAD", "Mei Tanaka", "Zoe Campbell", "fraud-scoring (prod-eu-1/ml)", "PRODUCTION", ["payments-api", "warehouse"], ["payments-api:payments_read", "internal-ca:mtls_client_cert", "warehouse:marts_read"], [30, 19], "Scores payments before they are released."),
  d("svc-merchant-settlement", "Merchant settlement", "SERVICE_ACCOUNT", "Raj Patel", "Emily Zhang", "settlement importer", "PRODUCTION", ["payments-api", "warehouse"], ["api-keys:payments_api_key", "warehouse:finance_mart_read"], [30, 38], "Imports settlement files from the card processor."),
  d("ai-ops-runbook", "Ops runbook agent", "AI_AGENT", "Omar Haddad", "Grace Liu", "incident runbook agent", "PRODUCTION", ["k8s-prod", "cloud-prod"], ["k8s-prod:logs_read", "cloud-prod:cloud_security_audit"], [30, 64], "Suggests runbook steps during incidents; suspended after a review.", "SUSPENDED"),
  d("svc-legacy-reports", "Legacy reporting", "SERVICE_ACCOUNT", "Lucas Silva", "Isabel Moreno", "reporting VM (retired)", "PRODUCTION", ["warehouse"], ["warehouse:marts_read"], [90, 200], "Replaced by the BI dashboards; kept for the audit trail.", "DECOMMISSIONED"),
];

export interface VendorDef {
  name: string;
  displayName: string;
  sponsor: string;
  description: string;
  uses: string[];
}

/** External people who get time-boxed support sessions, always through a sponsor. */
export const VENDOR_DEFS: VendorDef[] = [
  { name: "vendor.paycore-support", displayName: "PayCore support engineer (vendor)", sponsor: "Raj Patel", description: "Card processor's support desk.", uses: ["merchant-portal:settlement_reports", "merchant-portal:dispute_handler", "payments-api:payments_read"] },
  { name: "vendor.dbcare-consultant", displayName: "DBCare consultant (vendor)", sponsor: "Sofia Lindqvist", description: "PostgreSQL consultancy under a support contract.", uses: ["orders-db:orders_read", "orders-db:orders_dba"] },
  { name: "vendor.cloudops-partner", displayName: "CloudOps partner engineer (vendor)", sponsor: "Omar Haddad", description: "Managed-services partner for the cloud account.", uses: ["cloud-prod:cloud_readonly", "k8s-prod:ns_view", "cloud-prod:cloud_network_admin"] },
];
