import type { Prisma, RiskTier } from "@/server/db/generated/client";

/** Who a catalogue item is meant for: people, non-human identities, or both. */
export type Audience = "human" | "nhi" | "both";

export interface EntitlementDef {
  key: string;
  name: string;
  riskTier: RiskTier;
  privileged: boolean;
  maxTtlHours: number | null;
  audience: Audience;
  scope: Prisma.InputJsonObject;
  requestable?: boolean;
}

type Row = [string, string, RiskTier, boolean, number | null, Audience, Prisma.InputJsonObject, boolean?];

const pg = (database: string, role: string, privileges: string[], extra: Prisma.InputJsonObject = {}) => ({
  database,
  role,
  privileges,
  ...extra,
});
/**
 * Every POSTGRES scope below is one the PostgreSQL connector carries out with GRANT and reads back.
 * A migrator gets CREATE on its schemas (new tables, indexes and views, which it then owns and may
 * alter or drop) and the table privileges data migrations need; ALTER and DROP on existing tables
 * are not privileges PostgreSQL grants, they come with ownership. Replication is not offered: it
 * is a role attribute (REPLICATION) that membership in a group role does not pass on.
 */
const MIGRATOR = ["CREATE", "SELECT", "INSERT", "UPDATE", "DELETE", "REFERENCES", "TRIGGER"];
const cloud = (permissionSet: string, extra: Prisma.InputJsonObject = {}) => ({
  provider: "aws",
  account: "412345678901",
  permissionSet,
  ...extra,
});
const git = (permission: string, extra: Prisma.InputJsonObject) => ({ org: "acme", permission, ...extra });
const k8s = (clusterRole: string, namespaces: string[]) => ({ cluster: "prod-eu-1", namespaces, clusterRole });
const pay = (scopes: string[], extra: Prisma.InputJsonObject = {}) => ({ api: "payments", tenant: "acme-eu", scopes, ...extra });
const cert = (profile: string, extendedKeyUsage: string[], maxValidityDays: number) => ({
  profile,
  keyAlgorithm: "ECDSA-P256",
  extendedKeyUsage,
  maxValidityDays,
  subjectPattern: "CN=<identity>.svc.acme.internal,O=Acme Corp",
});
const key = (audience: string, scopes: string[], rateLimitPerMinute: number) => ({ issuer: "api-gateway", audience, scopes, rateLimitPerMinute });
const app = (name: string, role: string, extra: Prisma.InputJsonObject = {}) => ({ app: name, role, ...extra });

const ROWS: Record<string, Row[]> = {
  "orders-db": [
    ["orders_read", "Read orders", "MEDIUM", false, 720, "human", pg("orders", "orders_read", ["SELECT"], { schemas: ["public"] })],
    ["orders_support_read", "Read orders (masked support view)", "LOW", false, 2160, "human", pg("orders", "orders_support_ro", ["SELECT"], { views: ["support_orders_v"] })],
    ["orders_write", "Write orders", "HIGH", false, 168, "human", pg("orders", "orders_write", ["SELECT", "INSERT", "UPDATE"], { schemas: ["public"] })],
    ["billing_read", "Read billing schema", "HIGH", false, 168, "human", pg("orders", "billing_read", ["SELECT"], { schemas: ["billing"] })],
    ["orders_migrator", "Run schema migrations", "CRITICAL", true, 8, "human", pg("orders", "orders_migrator", MIGRATOR, { schemas: ["public", "billing"] })],
    ["orders_dba", "Database administrator", "CRITICAL", true, 4, "human", pg("orders", "orders_dba", ["ALL"], { schemas: ["public", "billing"], canCreateRole: false })],
    ["orders_app_rw", "Application read-write role", "HIGH", false, 2160, "nhi", pg("orders", "orders_app", ["SELECT", "INSERT", "UPDATE", "DELETE"], { schemas: ["public"] })],
  ],
  "staging-db": [
    ["staging_read", "Read staging data", "LOW", false, 8, "human", pg("orders_staging", "staging_read", ["SELECT"])],
    ["staging_write", "Write staging data", "LOW", false, 72, "human", pg("orders_staging", "staging_write", ["SELECT", "INSERT", "UPDATE", "DELETE"])],
    ["staging_migrator", "Run staging migrations", "MEDIUM", false, 24, "human", pg("orders_staging", "staging_migrator", MIGRATOR)],
    ["staging_app_rw", "Staging application role", "LOW", false, 2160, "nhi", pg("orders_staging", "staging_app", ["SELECT", "INSERT", "UPDATE", "DELETE"])],
    ["staging_owner", "Staging database owner", "HIGH", true, 8, "human", pg("orders_staging", "staging_owner", ["ALL"])],
  ],
  warehouse: [
    ["marts_read", "Read curated marts", "LOW", false, 2160, "both", pg("warehouse", "analytics_read", ["SELECT"], { schemas: ["marts"] })],
    ["raw_events_read", "Read raw event data", "MEDIUM", false, 720, "human", pg("warehouse", "raw_events_read", ["SELECT"], { schemas: ["raw"], tables: ["events", "sessions"] })],
    ["finance_mart_read", "Read finance mart", "HIGH", false, 720, "both", pg("warehouse", "finance_read", ["SELECT"], { schemas: ["finance"] })],
    ["marts_write", "Build curated marts", "MEDIUM", false, 720, "human", pg("warehouse", "analytics_write", ["SELECT", "INSERT", "UPDATE", "CREATE"], { schemas: ["marts"] })],
    ["pii_read", "Read customer PII", "CRITICAL", true, 24, "human", pg("warehouse", "pii_read", ["SELECT"], { schemas: ["raw"], tables: ["customers_pii"] })],
    ["etl_loader", "ETL loader role", "HIGH", false, 2160, "nhi", pg("warehouse", "etl_loader", ["SELECT", "INSERT", "UPDATE", "TRUNCATE"], { schemas: ["raw", "marts"] })],
    ["bi_reader", "BI dashboard reader", "MEDIUM", false, 2160, "nhi", pg("warehouse", "bi_reader", ["SELECT"], { schemas: ["marts", "finance"] })],
    ["warehouse_admin", "Warehouse administrator", "CRITICAL", true, null, "human", pg("warehouse", "warehouse_admin", ["ALL"]), false],
  ],
  "cloud-prod": [
    ["cloud_readonly", "Read-only console access", "MEDIUM", false, 720, "human", cloud("ReadOnlyAccess")],
    ["cloud_billing_view", "Billing viewer", "LOW", false, 2160, "human", cloud("BillingViewer")],
    ["cloud_developer", "Developer (no IAM)", "HIGH", false, 168, "human", cloud("PowerUserNoIAM", { deniedServices: ["iam", "organizations"] })],
    ["cloud_network_admin", "Network administrator", "CRITICAL", true, 8, "human", cloud("NetworkAdministrator")],
    ["cloud_admin", "Account administrator", "CRITICAL", true, 4, "human", cloud("AdministratorAccess")],
    ["cloud_datalake_read", "Read the data lake bucket", "HIGH", false, 168, "both", cloud("DataLakeRead", { resources: ["arn:aws:s3:::acme-datalake-prod/*"] })],
    ["cloud_deployer", "Deployment role", "HIGH", false, 2160, "nhi", cloud("DeployRole", { resources: ["arn:aws:ecs:eu-west-1:412345678901:service/*"] })],
    ["cloud_security_audit", "Security audit (read)", "MEDIUM", false, 2160, "both", cloud("SecurityAudit")],
    ["cloud_root_breakglass", "Root account break-glass", "CRITICAL", true, null, "human", cloud("RootBreakGlass", { mfaDevice: "hardware-token-vault" }), false],
  ],
  "source-org": [
    ["repo_read", "Read all internal repositories", "LOW", false, null, "human", git("read", { teams: ["engineering"] })],
    ["team_checkout_write", "Write to checkout repositories", "MEDIUM", false, null, "human", git("write", { team: "checkout" })],
    ["team_payments_write", "Write to payments repositories", "HIGH", false, 2160, "human", git("write", { team: "payments" })],
    ["team_platform_maintain", "Maintain platform repositories", "MEDIUM", false, 2160, "human", git("maintain", { team: "platform" })],
    ["org_admin", "Organisation owner", "CRITICAL", true, 8, "human", git("admin", { scope: "organisation" })],
    ["ci_contents_write", "CI app: contents and checks", "MEDIUM", false, 2160, "nhi", git("write", { app: "ci", permissions: ["contents:write", "checks:write"] })],
    ["deploy_keys_manage", "Manage deploy keys", "HIGH", true, 24, "human", git("admin", { resource: "deploy_keys" })],
    ["advisories_read", "Read security advisories", "LOW", false, null, "both", git("read", { resource: "security_advisories" })],
  ],
  "k8s-prod": [
    ["ns_view", "View checkout and orders namespaces", "MEDIUM", false, 720, "human", k8s("view", ["checkout", "orders"])],
    ["ns_edit_checkout", "Edit checkout namespace", "HIGH", false, 24, "human", k8s("edit", ["checkout"])],
    ["ns_edit_payments", "Edit payments namespace", "CRITICAL", true, 8, "human", k8s("edit", ["payments"])],
    ["cluster_admin", "Cluster administrator", "CRITICAL", true, 4, "human", k8s("cluster-admin", ["*"])],
    ["logs_read", "Read pod logs", "LOW", false, 720, "both", k8s("pod-logs-reader", ["checkout", "orders", "payments"])],
    ["deployer", "Deployer service account", "HIGH", false, 2160, "nhi", k8s("deployer", ["checkout", "orders"])],
    ["node_debug", "Node debug shell", "CRITICAL", true, null, "human", k8s("node-debugger", ["kube-system"]), false],
  ],
  "payments-api": [
    ["payments_read", "Read payments", "MEDIUM", false, 720, "both", pay(["payments:read"])],
    ["payments_initiate", "Initiate payments", "HIGH", false, 720, "both", pay(["payments:initiate"], { limit: { currency: "EUR", perPayment: 50_000 } })],
    ["payments_approve", "Approve payments", "CRITICAL", true, 720, "human", pay(["payments:approve"], { limit: { currency: "EUR", perPayment: 250_000 } })],
    ["refunds_approve", "Approve refunds", "HIGH", false, 720, "human", pay(["refunds:approve"])],
    ["payouts_release", "Release payroll payouts", "CRITICAL", true, 24, "human", pay(["payouts:release"])],
    ["reconciliation_service", "Reconciliation service", "HIGH", false, 2160, "nhi", pay(["payments:read", "reconciliation:write"])],
  ],
  "internal-ca": [
    ["mtls_client_cert", "mTLS client certificate", "MEDIUM", false, 720, "nhi", cert("mtls-client", ["clientAuth"], 30)],
    ["mtls_server_cert", "mTLS server certificate", "MEDIUM", false, 2160, "nhi", cert("mtls-server", ["serverAuth"], 90)],
    ["payments_mtls_cert", "Payments network client certificate", "HIGH", false, 720, "nhi", cert("payments-mtls", ["clientAuth"], 30)],
    ["code_signing_cert", "Code-signing certificate", "CRITICAL", true, 720, "nhi", cert("code-signing", ["codeSigning"], 30)],
    ["sub_ca", "Subordinate CA", "CRITICAL", true, null, "nhi", cert("subordinate-ca", ["serverAuth", "clientAuth"], 365), false],
  ],
  "api-keys": [
    ["orders_api_read", "Orders API key (read)", "MEDIUM", false, 2160, "nhi", key("orders-api", ["orders:read"], 600)],
    ["orders_api_write", "Orders API key (write)", "HIGH", false, 2160, "nhi", key("orders-api", ["orders:read", "orders:write"], 300)],
    ["payments_api_key", "Payments API key", "CRITICAL", false, 720, "nhi", key("payments-api", ["payments:initiate", "payments:read"], 120)],
    ["events_ingest_key", "Event ingestion key", "LOW", false, 2160, "nhi", key("events-ingest", ["events:write"], 6000)],
    ["notify_send_key", "Notification sending key", "LOW", false, 2160, "nhi", key("notify-api", ["email:send", "sms:send"], 1200)],
    ["gateway_admin_key", "Gateway administration key", "CRITICAL", true, null, "nhi", key("gateway-admin", ["routes:write", "keys:admin"], 60), false],
  ],
  peoplehub: [
    ["directory_read", "Employee directory", "LOW", false, null, "human", app("peoplehub", "directory_viewer")],
    ["hr_records_read", "Read HR records", "HIGH", false, 720, "human", app("peoplehub", "hr_records_viewer", { fields: ["employment", "leave", "performance"] })],
    ["compensation_read", "Read compensation", "CRITICAL", true, 168, "human", app("peoplehub", "compensation_viewer")],
    ["payroll_admin", "Payroll administrator", "CRITICAL", true, 168, "human", app("peoplehub", "payroll_admin")],
    ["hris_sync", "Directory sync integration", "HIGH", false, 2160, "nhi", app("peoplehub", "integration_reader", { fields: ["name", "email", "department", "manager", "status"] })],
  ],
  servicedesk: [
    ["agent", "Support agent", "LOW", false, null, "human", app("servicedesk", "agent", { queues: ["customer-support"] })],
    ["viewer", "Read-only viewer", "LOW", false, null, "human", app("servicedesk", "viewer")],
    ["queue_admin", "Queue administrator", "MEDIUM", false, 720, "human", app("servicedesk", "queue_admin", { queues: ["customer-support", "billing"] })],
    ["tenant_admin", "Tenant administrator", "HIGH", true, 24, "human", app("servicedesk", "tenant_admin")],
    ["automation_bot", "Automation integration", "MEDIUM", false, 2160, "nhi", app("servicedesk", "integration", { permissions: ["tickets:read", "tickets:write"] })],
  ],
  crm: [
    ["sales_rep", "Sales representative", "LOW", false, null, "human", app("crm", "sales_rep")],
    ["sales_manager", "Sales manager", "MEDIUM", false, null, "human", app("crm", "sales_manager")],
    ["data_export", "Bulk data export", "HIGH", false, 24, "human", app("crm", "exporter", { objects: ["accounts", "contacts", "opportunities"] })],
    ["crm_admin", "CRM administrator", "CRITICAL", true, 24, "human", app("crm", "system_admin")],
  ],
  "merchant-portal": [
    ["dispute_handler", "Dispute handler", "MEDIUM", false, 720, "human", app("merchant-portal", "disputes")],
    ["refund_operator", "Refund operator", "HIGH", false, 168, "human", app("merchant-portal", "refunds", { limit: { currency: "EUR", perRefund: 5_000 } })],
    ["settlement_reports", "Settlement reports", "LOW", false, 2160, "human", app("merchant-portal", "reports")],
    ["portal_admin", "Portal administrator", "CRITICAL", true, 24, "human", app("merchant-portal", "admin")],
  ],
};

export const CATALOGUE: Record<string, EntitlementDef[]> = Object.fromEntries(
  Object.entries(ROWS).map(([system, rows]) => [
    system,
    rows.map(([key, name, riskTier, privileged, maxTtlHours, audience, scope, requestable]) => ({
      key,
      name,
      riskTier,
      privileged,
      maxTtlHours,
      audience,
      scope,
      requestable: requestable ?? true,
    })),
  ]),
);
