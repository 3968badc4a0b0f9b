/** A hash shortened for reading; the full value stays one hover or copy away. */
export function shortHash(hash: string | null | undefined, length = 10): string {
  if (!hash) return "—";
  return hash.length > length ? `${hash.slice(0, length)}…` : hash;
}

export function words(value: string | null | undefined): string {
  return value ? value.toLowerCase().replaceAll("_", " ") : "—";
}

/** JSON as stored, indented for reading. */
export function prettyJson(value: unknown): string {
  return JSON.stringify(value, null, 2) ?? "null";
}
