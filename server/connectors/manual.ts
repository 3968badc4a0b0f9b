import { ConnectorError, type Connector } from "./types";

/**
 * Systems without an API: a named fulfiller makes the change by hand and attests it with an
 * artefact (a screenshot, an export) whose SHA-256 is kept. The portal cannot read such a target
 * back, so the evidence is the attestation itself, recorded by `attestManualChange`
 * (server/domain/fulfilment/manual.ts); the connector only names the task and refuses to pretend.
 */
export const manualConnector: Connector = {
  type: "MANUAL",

  async grant(_ctx, target) {
    return { externalRef: `manual:${target.system.key}:${target.grantId}` };
  },

  async revoke(_ctx, target) {
    throw new ConnectorError(`${target.system.key} has no API: a fulfiller removes the access by hand and attests it on the ticket.`, false);
  },

  async verify(_ctx, target) {
    throw new ConnectorError(`${target.system.key} cannot be read back by the portal: its evidence is the fulfiller's attestation.`, false);
  },
};
