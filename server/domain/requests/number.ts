/** Tickets are shown as AR- and six digits; larger numbers simply grow wider. */
export function formatRequestNumber(n: number | bigint): string {
  if (typeof n === "number" && !Number.isSafeInteger(n)) {
    throw new RangeError(`A request number must be a whole number, got ${n}`);
  }
  const value = typeof n === "bigint" ? n : BigInt(n);
  if (value < 1n) throw new RangeError(`A request number must be positive, got ${value}`);
  return `AR-${value.toString().padStart(6, "0")}`;
}

/** Reads "AR-000123" (any case, leading zeros optional) or "123"; null when it is neither. */
export function parseRequestNumber(text: string): number | null {
  const match = /^\s*(?:AR-?)?(\d{1,12})\s*$/i.exec(text);
  if (!match?.[1]) return null;
  const value = Number(match[1]);
  return value >= 1 && Number.isSafeInteger(value) ? value : null;
}
