/**
 * Only same-origin paths are followed after sign-in: an absolute or protocol-relative URL in
 * ?callbackUrl= would otherwise turn the sign-in page into an open redirect.
 */
export function safeCallbackUrl(value: string | string[] | undefined, origin?: string): string {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw) return "/";
  let path = raw;
  // next-auth passes absolute callback URLs of its own origin; keep only their path.
  if (origin && raw.startsWith(origin)) path = raw.slice(origin.length) || "/";
  if (!path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\")) return "/";
  if (path.startsWith("/signin") || path.startsWith("/api/auth")) return "/";
  return path;
}
