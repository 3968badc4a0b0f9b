export const RISK_TIER_OPTIONS = [
  { value: "LOW", label: "Low" },
  { value: "MEDIUM", label: "Medium" },
  { value: "HIGH", label: "High" },
  { value: "CRITICAL", label: "Critical" },
] as const;

export const ENVIRONMENT_OPTIONS = [
  { value: "PRODUCTION", label: "Production" },
  { value: "STAGING", label: "Staging" },
  { value: "DEVELOPMENT", label: "Development" },
] as const;

export const CONNECTOR_OPTIONS = [
  { value: "POSTGRES", label: "PostgreSQL roles" },
  { value: "API_KEY", label: "API-key issuer" },
  { value: "CERTIFICATE_AUTHORITY", label: "Certificate authority" },
  { value: "WEBHOOK", label: "Signed webhook" },
  { value: "MANUAL", label: "Manual task" },
] as const;

export type RiskTierValue = (typeof RISK_TIER_OPTIONS)[number]["value"];
export type EnvironmentValue = (typeof ENVIRONMENT_OPTIONS)[number]["value"];
export type ConnectorValue = (typeof CONNECTOR_OPTIONS)[number]["value"];
