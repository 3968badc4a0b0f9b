import { webhookSecret } from "./secret";

/**
 * Prints the shared secret of one webhook system, for the operator who configures that target:
 *   npx tsx server/connectors/webhook/print-secret.ts <system key>
 * Run it with the same NEXTAUTH_SECRET (or data folder) as the portal, or the value differs.
 */
const systemKey = process.argv[2];
if (!systemKey || !/^[a-z0-9][a-z0-9-]*$/.test(systemKey)) {
  process.stderr.write("Usage: npx tsx server/connectors/webhook/print-secret.ts <system key, e.g. cloud-prod>\n");
  process.exit(2);
}
process.stdout.write(`${webhookSecret(systemKey)}\n`);
