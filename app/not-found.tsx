import Link from "next/link";
import { BrandMark } from "@/components/brand";

export default function NotFound() {
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center gap-3 px-4 text-center">
      <BrandMark className="size-10" />
      <p className="mt-2 font-mono text-xs font-semibold uppercase tracking-widest text-muted">404 · Not found</p>
      <h1 className="text-xl font-semibold text-ink">This page does not exist</h1>
      <p className="max-w-sm text-sm text-muted">The link may be old, or the page may not be part of this portal yet.</p>
      <Link href="/" className="mt-3 rounded-lg bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700">
        Back to home
      </Link>
    </main>
  );
}
