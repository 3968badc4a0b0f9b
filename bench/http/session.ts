/** Cookies as a `Cookie` header, from the Set-Cookie headers of one response merged over earlier ones. */
function mergeCookies(jar: Map<string, string>, response: Response): void {
  for (const line of response.headers.getSetCookie()) {
    const pair = line.split(";", 1)[0] ?? "";
    const eq = pair.indexOf("=");
    if (eq > 0) jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
  }
}

const cookieHeader = (jar: Map<string, string>) => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");

/**
 * Signs in through the same flow as the persona picker: next-auth's CSRF token, then the demo
 * provider's credentials callback. Returns the Cookie header that carries the session, after
 * checking that the session names the person.
 */
export async function signIn(origin: string, email: string): Promise<string> {
  const jar = new Map<string, string>();
  const csrf = await fetch(`${origin}/api/auth/csrf`, { signal: AbortSignal.timeout(30_000) });
  if (!csrf.ok) throw new Error(`GET /api/auth/csrf answered ${csrf.status}`);
  mergeCookies(jar, csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const callback = await fetch(`${origin}/api/auth/callback/demo`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookieHeader(jar) },
    body: new URLSearchParams({ email, csrfToken, callbackUrl: `${origin}/`, json: "true" }),
    signal: AbortSignal.timeout(30_000),
  });
  mergeCookies(jar, callback);
  const cookie = cookieHeader(jar);
  const session = await fetch(`${origin}/api/auth/session`, { headers: { cookie }, signal: AbortSignal.timeout(30_000) });
  const body = (await session.json().catch(() => null)) as { user?: { email?: string } } | null;
  if (body?.user?.email !== email) {
    throw new Error(`Demo sign-in as ${email} gave no session (callback answered ${callback.status}; session: ${JSON.stringify(body)})`);
  }
  return cookie;
}
