// next-auth reports failures as ?error=<code>; these are the codes version 4 can send.
const MESSAGES: Record<string, string> = {
  CredentialsSignin: "That demo account could not be signed in. It may be inactive or not seeded yet.",
  AccessDenied: "Your account is not allowed to sign in to the portal. Ask an administrator for access.",
  OAuthSignin: "The single sign-on provider could not be reached. Try again in a moment.",
  OAuthCallback: "The single sign-on provider returned an answer the portal could not accept.",
  OAuthCreateAccount: "Your single sign-on account could not be set up in the portal.",
  OAuthAccountNotLinked: "This email is already linked to another sign-in method.",
  Callback: "Sign-in failed while finishing the request. Try again.",
  Configuration: "Sign-in is not configured correctly on this server. Contact an administrator.",
  SessionRequired: "Please sign in to continue.",
};

export function signInErrorMessage(code: string): string {
  return MESSAGES[code] ?? "Sign-in failed. Try again, or contact an administrator if it keeps happening.";
}

export function SignInError({ code }: { code: string }) {
  return (
    <div role="alert" className="flex gap-3 rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
      <svg viewBox="0 0 20 20" className="mt-0.5 size-4 shrink-0" fill="currentColor" aria-hidden="true">
        <path d="M10 2a8 8 0 1 0 0 16 8 8 0 0 0 0-16Zm-.9 4h1.8v5H9.1V6Zm0 6.5h1.8v1.8H9.1v-1.8Z" />
      </svg>
      <p>
        <span className="font-semibold">Sign-in failed. </span>
        {signInErrorMessage(code)}
      </p>
    </div>
  );
}
