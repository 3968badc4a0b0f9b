export const PRODUCT_NAME = "Access governance portal";
export const PRODUCT_SHORT_NAME = "Access portal";
export const PRODUCT_PURPOSE =
  "Request, approve and prove every access change for people and non-human identities.";

/** The product mark: a key inside a shield, drawn inline so it needs no asset request. */
export function BrandMark({ className = "size-8" }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" className={className} aria-hidden="true">
      <rect width="32" height="32" rx="8" className="fill-brand-600" />
      <path
        d="M16 6.5 8.5 9.5v6c0 4.6 3.1 8.6 7.5 10 4.4-1.4 7.5-5.4 7.5-10v-6L16 6.5Z"
        className="fill-brand-100"
      />
      <circle cx="16" cy="14" r="2.6" className="fill-brand-700" />
      <path d="M15 16h2v5h-2z" className="fill-brand-700" />
    </svg>
  );
}
