const DAY = 86_400_000;

export type DelegationStatus = "upcoming" | "active" | "ended" | "cancelled";

/** Midnight UTC of the day `date` falls on. */
export function startOfUtcDay(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}

/** "2026-11-29" as the instant its day starts. */
export function dayStart(isoDate: string): Date {
  return new Date(`${isoDate}T00:00:00.000Z`);
}

/** The delegation's period for whole days from `startsOn` to `endsOn`, both included. */
export function periodOf(startsOn: string, endsOn: string): { startsAt: Date; endsAt: Date; days: number } {
  const startsAt = dayStart(startsOn);
  const endsAt = new Date(dayStart(endsOn).getTime() + DAY);
  return { startsAt, endsAt, days: Math.round((endsAt.getTime() - startsAt.getTime()) / DAY) };
}

/**
 * Ending a delegation before it starts sets its end to its start: an empty period that never
 * takes effect and that nothing overlaps, while the row stays as the record of the plan.
 */
export function statusOf(period: { startsAt: Date; endsAt: Date }, now: Date): DelegationStatus {
  if (period.endsAt.getTime() <= period.startsAt.getTime()) return "cancelled";
  if (period.startsAt > now) return "upcoming";
  if (period.endsAt > now) return "active";
  return "ended";
}

/** Whether two half-open periods share an instant; an empty period shares none. */
export function overlaps(a: { startsAt: Date; endsAt: Date }, b: { startsAt: Date; endsAt: Date }): boolean {
  if (a.endsAt <= a.startsAt || b.endsAt <= b.startsAt) return false;
  return a.startsAt < b.endsAt && b.startsAt < a.endsAt;
}

const DAY_FORMAT = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

/** "29 Nov 2026 to 2 Dec 2026" for messages, naming the last day included. */
export function describePeriod(period: { startsAt: Date; endsAt: Date }): string {
  const last = new Date(Math.max(period.startsAt.getTime(), period.endsAt.getTime() - 1));
  return `${DAY_FORMAT.format(period.startsAt)} to ${DAY_FORMAT.format(last)}`;
}
