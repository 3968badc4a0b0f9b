import { defineConfig, devices } from "@playwright/test";
import { OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_ISSUER } from "./e2e/oidc-server";

const PORT = 3100;
const BASE_URL = `http://127.0.0.1:${PORT}`;
const DATA_DIR = ".data/e2e-pglite";

/**
 * End-to-end specs against the real built app on a fresh embedded database. Playwright starts
 * the web server before globalSetup, so the database folder is wiped in the server command
 * itself; globalSetup starts the OIDC provider, which the app only contacts at sign-in time.
 */
export default defineConfig({
  testDir: "./e2e",
  outputDir: "./test-results/artifacts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  globalTimeout: 15 * 60_000,
  reporter: process.env.CI ? [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]] : "list",
  globalSetup: "./e2e/global-setup.ts",
  use: {
    baseURL: BASE_URL,
    headless: true,
    actionTimeout: 10_000,
    navigationTimeout: 20_000,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.PLAYWRIGHT_CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], viewport: { width: 1366, height: 900 } } }],
  webServer: {
    command: `rm -rf ${DATA_DIR} && npm run build && npx next start -p ${PORT} -H 127.0.0.1`,
    url: `${BASE_URL}/api/auth/providers`,
    timeout: 5 * 60_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 5_000 },
    env: {
      NODE_ENV: "production",
      DATABASE_URL: "",
      PGLITE_DATA_DIR: DATA_DIR,
      PORTAL_DEMO_MODE: "true",
      // Specs own seeded tickets by their state; the SLA sweep would move them with the time of day.
      JOBS_DISABLED: "true",
      NEXTAUTH_URL: BASE_URL,
      NEXTAUTH_SECRET: "e2e-only-secret-0123456789abcdefghijklmnopqrstuv",
      OIDC_ISSUER,
      OIDC_CLIENT_ID,
      OIDC_CLIENT_SECRET,
      OIDC_NAME: "Single sign-on",
      NEXT_TELEMETRY_DISABLED: "1",
    },
  },
});
