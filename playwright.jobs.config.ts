import base from "./playwright.config";

/**
 * The same end-to-end setup with the job runner on (polling every 500 ms), for the specs that
 * follow a ticket through background fulfilment: `npx playwright test --config playwright.jobs.config.ts`.
 * The default run keeps jobs off because some specs assert the state right after an approval.
 */
const webServer = Array.isArray(base.webServer) ? base.webServer[0]! : base.webServer!;

export default { ...base, webServer: { ...webServer, env: { ...webServer.env, JOBS_DISABLED: "false", JOBS_POLL_MS: "500" } } };
