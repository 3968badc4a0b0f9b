import { describe, expect, it } from "vitest";
import { ConfigError, parseEnv } from "@/server/env";

// A partial environment on purpose: every variable left out takes its default.
const parse = (vars: Record<string, string>) => parseEnv(vars as NodeJS.ProcessEnv);

/** The job runner's and e-mail's variables: defaults, and a message naming each bad one. */
describe("jobs and e-mail configuration", () => {
  it("runs jobs in the server by default, every 5 s, with a 10-minute lease, and sends no e-mail", () => {
    const env = parse({});
    expect(env).toMatchObject({ JOBS_DISABLED: false, JOBS_POLL_MS: 5_000, JOBS_LEASE_MINUTES: 10 });
    expect(env.SMTP_URL).toBeUndefined();
  });

  it("reads the switches and numbers", () => {
    expect(parse({ JOBS_DISABLED: "true", JOBS_POLL_MS: "250", JOBS_LEASE_MINUTES: "3" })).toMatchObject({
      JOBS_DISABLED: true,
      JOBS_POLL_MS: 250,
      JOBS_LEASE_MINUTES: 3,
    });
  });

  it("accepts an SMTP URL with a sender", () => {
    const env = parse({ SMTP_URL: "smtp://127.0.0.1:2525", SMTP_FROM: "Access portal <access@example.com>", PORTAL_URL: "https://access.example.com" });
    expect(env).toMatchObject({ SMTP_URL: "smtp://127.0.0.1:2525", PORTAL_URL: "https://access.example.com" });
  });

  it.each([
    [{ JOBS_POLL_MS: "10" }, /JOBS_POLL_MS must be at least 100/],
    [{ JOBS_POLL_MS: "soon" }, /JOBS_POLL_MS/],
    [{ JOBS_LEASE_MINUTES: "0" }, /JOBS_LEASE_MINUTES must be at least 1/],
    [{ JOBS_DISABLED: "yes" }, /JOBS_DISABLED/],
    [{ SMTP_URL: "http://mail.example.com", SMTP_FROM: "a@example.com" }, /SMTP_URL must be an smtp:\/\/ or smtps:\/\/ URL/],
    [{ SMTP_URL: "smtp://mail.example.com:587" }, /SMTP_FROM is required because SMTP_URL is set/],
    [{ PORTAL_URL: "access.example.com" }, /PORTAL_URL must be an absolute URL/],
  ])("refuses %j", (source, message) => {
    expect(() => parse(source)).toThrow(ConfigError);
    expect(() => parse(source)).toThrow(message);
  });
});
