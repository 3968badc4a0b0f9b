import { ConnectorError } from "../types";
import { DEFAULT_VALIDITY_DAYS } from "./profile";

const DAY = 86_400_000;

export interface Validity {
  notBefore: Date;
  notAfter: Date;
  /** What set notAfter: the profile's maximum, the grant's expiry, the CA's own end, or the default. */
  limitedBy: "maxValidityDays" | "expiresAt" | "caNotAfter" | "default";
}

/** X.509 times carry whole seconds; rounding down never moves notAfter past a limit. */
function floorToSecond(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}

/**
 * A certificate lives from now until the earliest of: the profile's maxValidityDays, the grant's
 * expiry (the policy's TTL is already in it), and the CA certificate's own notAfter.
 */
export function certificateValidity(input: { now: Date; maxValidityDays: number | null; expiresAt: Date | null; caNotAfter: Date }): Validity {
  const notBefore = floorToSecond(input.now);
  const limits: { at: Date; by: Validity["limitedBy"] }[] = [{ at: input.caNotAfter, by: "caNotAfter" }];
  if (input.maxValidityDays !== null) limits.push({ at: new Date(input.now.getTime() + input.maxValidityDays * DAY), by: "maxValidityDays" });
  if (input.expiresAt) limits.push({ at: input.expiresAt, by: "expiresAt" });
  if (input.maxValidityDays === null && !input.expiresAt) limits.push({ at: new Date(input.now.getTime() + DEFAULT_VALIDITY_DAYS * DAY), by: "default" });
  const earliest = limits.reduce((a, b) => (b.at.getTime() < a.at.getTime() ? b : a));
  const notAfter = floorToSecond(earliest.at);
  if (notAfter.getTime() <= notBefore.getTime()) {
    const what = earliest.by === "expiresAt" ? `expiresAt ${earliest.at.toISOString()}` : earliest.by === "caNotAfter" ? `the CA certificate's notAfter ${earliest.at.toISOString()}` : earliest.by;
    throw new ConnectorError(`${what} is not in the future: no certificate is issued that would already be expired`, false);
  }
  return { notBefore, notAfter, limitedBy: earliest.by };
}
