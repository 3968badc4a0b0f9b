import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { safeCallbackUrl } from "@/components/auth/callback-url";
import { PersonaPicker } from "@/components/auth/persona-picker";
import { SignInError } from "@/components/auth/sign-in-error";
import { SsoButton } from "@/components/auth/sso-button";
import { BrandMark, PRODUCT_NAME, PRODUCT_PURPOSE } from "@/components/brand";
import { demoSignInAllowed } from "@/server/auth/demo";
import { oidcConfigured } from "@/server/auth/oidc";
import { getSessionUser } from "@/server/auth/session";
import { DEMO_PERSONAS } from "@/server/db/seed/personas";
import { env } from "@/server/env";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const config = env();
  const callbackUrl = safeCallbackUrl(params.callbackUrl, config.NEXTAUTH_URL?.replace(/\/+$/, ""));
  if (await getSessionUser()) redirect(callbackUrl);

  const sso = oidcConfigured(config);
  const demo = demoSignInAllowed(config);
  const error = typeof params.error === "string" ? params.error : undefined;

  return (
    <main className="relative flex min-h-dvh items-center justify-center overflow-hidden px-4 py-12">
      <div
        aria-hidden="true"
        className="pointer-events-none absolute inset-x-0 top-0 h-80 bg-linear-to-b from-brand-100/70 to-transparent"
      />
      <div className="relative w-full max-w-3xl">
        <div className="mb-8 flex flex-col items-center text-center">
          <BrandMark className="size-12" />
          <h1 className="mt-4 text-2xl font-semibold tracking-tight text-ink">{PRODUCT_NAME}</h1>
          <p className="mt-2 max-w-md text-sm text-muted">{PRODUCT_PURPOSE}</p>
        </div>

        <div className="flex flex-col gap-6 rounded-2xl border border-line bg-panel/90 p-6 shadow-card backdrop-blur sm:p-8">
          {error ? <SignInError code={error} /> : null}

          {sso ? (
            <section aria-labelledby="sso-heading" className="flex flex-col gap-3">
              <h2 id="sso-heading" className="text-sm font-semibold text-ink">
                Sign in with your organisation account
              </h2>
              <SsoButton label={config.OIDC_NAME} callbackUrl={callbackUrl} />
            </section>
          ) : null}

          {sso && demo ? (
            <div className="flex items-center gap-3 text-xs uppercase tracking-wide text-muted" role="separator">
              <span className="h-px flex-1 bg-line" />
              or explore the demo
              <span className="h-px flex-1 bg-line" />
            </div>
          ) : null}

          {demo ? (
            <section aria-labelledby="demo-heading" className="flex flex-col gap-3">
              <div>
                <h2 id="demo-heading" className="text-sm font-semibold text-ink">
                  Choose a demo persona
                </h2>
                <p className="mt-0.5 text-xs text-muted">
                  Each persona is a seeded member of the Acme demo organisation with its own roles and data.
                </p>
              </div>
              <PersonaPicker
                callbackUrl={callbackUrl}
                personas={DEMO_PERSONAS.map((p) => ({
                  email: p.email,
                  name: p.name,
                  roles: [...p.roles],
                  title: p.title,
                  description: p.description,
                }))}
              />
            </section>
          ) : null}

          {!sso && !demo ? (
            <p role="status" className="text-sm text-muted">
              No sign-in method is configured. An administrator must set OIDC_ISSUER, OIDC_CLIENT_ID and
              OIDC_CLIENT_SECRET, or enable the demo with PORTAL_DEMO_MODE=true.
            </p>
          ) : null}
        </div>
      </div>
    </main>
  );
}
