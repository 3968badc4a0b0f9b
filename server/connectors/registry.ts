import type { ConnectorType } from "@/server/db/generated/client";
import { apiKeyConnector } from "./api-key";
import { certificateAuthorityConnector } from "./certificate-authority";
import { manualConnector } from "./manual";
import { postgresConnector } from "./postgres";
import type { Connector } from "./types";
import { webhookConnector } from "./webhook";

/** The built-in connectors, chosen by the System's connector type. */
const CONNECTORS: Partial<Record<ConnectorType, Connector>> = {
  API_KEY: apiKeyConnector,
  CERTIFICATE_AUTHORITY: certificateAuthorityConnector,
  MANUAL: manualConnector,
  POSTGRES: postgresConnector,
  WEBHOOK: webhookConnector,
};

export function connectorFor(type: ConnectorType): Connector | null {
  return CONNECTORS[type] ?? null;
}
