import type { ConnectorType, Environment, Prisma, RiskTier } from "@/server/db/generated/client";
import { emailOf } from "./people";
import { days, stream } from "./random";

export interface SystemSeed {
  id: string;
  key: string;
  name: string;
  description: string;
  connectorType: ConnectorType;
  connectorConfig: Prisma.InputJsonObject;
  ownerEmail: string;
  riskTier: RiskTier;
  environment: Environment;
}

type Def = Omit<SystemSeed, "id" | "ownerEmail"> & { owner: string };

const DEFS: Def[] = [
  {
    key: "orders-db",
    name: "Orders database",
    description: "PostgreSQL cluster behind checkout and order management.",
    connectorType: "POSTGRES",
    connectorConfig: { database: "orders", schemas: ["public", "billing"], roleMembershipView: "pg_auth_members" },
    owner: "Sofia Lindqvist",
    riskTier: "HIGH",
    environment: "PRODUCTION",
  },
  {
    key: "staging-db",
    name: "Staging database",
    description: "PostgreSQL copy of the orders schema with synthetic data, for integration work.",
    connectorType: "POSTGRES",
    connectorConfig: { database: "orders_staging", schemas: ["public"], roleMembershipView: "pg_auth_members" },
    owner: "Avery Approver",
    riskTier: "LOW",
    environment: "STAGING",
  },
  {
    key: "warehouse",
    name: "Analytics warehouse",
    description: "PostgreSQL-compatible data warehouse with curated marts and raw event data.",
    connectorType: "POSTGRES",
    connectorConfig: { database: "warehouse", schemas: ["marts", "raw", "finance"], roleMembershipView: "pg_auth_members" },
    owner: "Isabel Moreno",
    riskTier: "MEDIUM",
    environment: "PRODUCTION",
  },
  {
    key: "cloud-prod",
    name: "Cloud production account",
    description: "The production cloud account (IAM permission sets applied by the cloud automation).",
    connectorType: "WEBHOOK",
    connectorConfig: { endpoint: "http://127.0.0.1:4010/hooks/cloud-iam", accountId: "412345678901", provider: "aws", callbackTimeoutMinutes: 30 },
    owner: "Omar Haddad",
    riskTier: "CRITICAL",
    environment: "PRODUCTION",
  },
  {
    key: "source-org",
    name: "Source code organisation",
    description: "The acme organisation on the source-code host: teams, repositories, branch protection.",
    connectorType: "WEBHOOK",
    connectorConfig: { endpoint: "http://127.0.0.1:4010/hooks/source-org", organisation: "acme", callbackTimeoutMinutes: 15 },
    owner: "Avery Approver",
    riskTier: "MEDIUM",
    environment: "PRODUCTION",
  },
  {
    key: "k8s-prod",
    name: "Kubernetes production cluster",
    description: "prod-eu-1: runs checkout, payments and the data pipelines.",
    connectorType: "WEBHOOK",
    connectorConfig: { endpoint: "http://127.0.0.1:4010/hooks/k8s-rbac", cluster: "prod-eu-1", callbackTimeoutMinutes: 15 },
    owner: "Grace Liu",
    riskTier: "HIGH",
    environment: "PRODUCTION",
  },
  {
    key: "payments-api",
    name: "Payments API",
    description: "Initiates, approves and reconciles outgoing payments and refunds.",
    connectorType: "WEBHOOK",
    connectorConfig: { endpoint: "http://127.0.0.1:4010/hooks/payments-entitlements", tenant: "acme-eu", callbackTimeoutMinutes: 30 },
    owner: "Raj Patel",
    riskTier: "CRITICAL",
    environment: "PRODUCTION",
  },
  {
    key: "internal-ca",
    name: "Internal certificate authority",
    description: "Issues mTLS client and server certificates for workloads; publishes a CRL.",
    connectorType: "CERTIFICATE_AUTHORITY",
    connectorConfig: { issuerDn: "CN=Acme Internal Issuing CA 1,O=Acme Corp", crlPath: "/crl/issuing-ca-1.crl", keyAlgorithm: "ECDSA-P256" },
    owner: "Adam Admin",
    riskTier: "HIGH",
    environment: "PRODUCTION",
  },
  {
    key: "api-keys",
    name: "API key issuer",
    description: "Issues scoped API keys for service-to-service calls through the API gateway.",
    connectorType: "API_KEY",
    connectorConfig: { gateway: "api-gateway.acme.internal", keyPrefix: "acme_", hashAlgorithm: "sha256" },
    owner: "Adam Admin",
    riskTier: "HIGH",
    environment: "PRODUCTION",
  },
  {
    key: "peoplehub",
    name: "PeopleHub HR",
    description: "HR system of record: employee records, compensation and payroll (SaaS).",
    connectorType: "WEBHOOK",
    connectorConfig: { endpoint: "http://127.0.0.1:4010/hooks/peoplehub", tenant: "acme", callbackTimeoutMinutes: 60 },
    owner: "Fatima Hassan",
    riskTier: "HIGH",
    environment: "PRODUCTION",
  },
  {
    key: "servicedesk",
    name: "ServiceDesk",
    description: "Customer and internal ticketing (SaaS).",
    connectorType: "WEBHOOK",
    connectorConfig: { endpoint: "http://127.0.0.1:4010/hooks/servicedesk", tenant: "acme", callbackTimeoutMinutes: 60 },
    owner: "Carmen Ruiz",
    riskTier: "LOW",
    environment: "PRODUCTION",
  },
  {
    key: "crm",
    name: "CRM",
    description: "Accounts, opportunities and contracts (SaaS).",
    connectorType: "WEBHOOK",
    connectorConfig: { endpoint: "http://127.0.0.1:4010/hooks/crm", tenant: "acme", callbackTimeoutMinutes: 60 },
    owner: "Rachel Kim",
    riskTier: "MEDIUM",
    environment: "PRODUCTION",
  },
  {
    key: "merchant-portal",
    name: "Card processor merchant portal",
    description: "Vendor portal without an API: access is set up by hand and attested with a screenshot.",
    connectorType: "MANUAL",
    connectorConfig: { url: "https://merchant-portal.vendor.example", fulfilmentGroup: "payments-operations", attestationRequired: true },
    owner: "Helen Carter",
    riskTier: "HIGH",
    environment: "PRODUCTION",
  },
];

export function buildSystems(): SystemSeed[] {
  const rng = stream("systems");
  return DEFS.map(({ owner, ...def }) => ({ ...def, id: rng.uuid(), ownerEmail: emailOf(owner) }));
}

export function systemRows(
  systems: SystemSeed[],
  userId: (email: string) => string,
  now: Date,
): Prisma.SystemCreateManyInput[] {
  const rng = stream("systems-dates");
  return systems.map((s) => {
    const createdAt = new Date(now.getTime() - days(rng.int(100, 110)));
    const { ownerEmail, ...rest } = s;
    return { ...rest, ownerId: userId(ownerEmail), createdAt, updatedAt: createdAt };
  });
}
