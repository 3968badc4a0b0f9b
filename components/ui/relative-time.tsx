const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
];

const rtf = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
const absolute = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export function formatRelative(date: Date, now: Date = new Date()): string {
  const seconds = Math.round((date.getTime() - now.getTime()) / 1000);
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return rtf.format(Math.trunc(seconds / size), unit);
  }
  // Within a minute either way reads as "just now": clocks of the page and the data differ by ms.
  return "just now";
}

const durationFormat = (value: number, unit: string) => `${value} ${unit}${value === 1 ? "" : "s"}`;

/** A length of time in its largest whole unit: "3 days", "5 hours", "under a minute". */
export function formatDuration(ms: number): string {
  const seconds = Math.abs(ms) / 1000;
  for (const [unit, size] of UNITS) {
    if (seconds >= size) return durationFormat(Math.floor(seconds / size), unit);
  }
  return "under a minute";
}

/** A relative time ("3 days ago") whose exact UTC timestamp shows on hover and to machines. */
export function RelativeTime({ date, now, prefix }: { date: Date | string; now?: Date; prefix?: string }) {
  const value = typeof date === "string" ? new Date(date) : date;
  return (
    <time dateTime={value.toISOString()} title={`${absolute.format(value)} UTC`}>
      {prefix ? `${prefix} ` : ""}
      {formatRelative(value, now)}
    </time>
  );
}
