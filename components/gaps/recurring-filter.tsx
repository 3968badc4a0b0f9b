/** N people within M days: a plain GET form, so the view stays in the URL and works without script. */
export function RecurringFilter({ minRequesters, withinDays }: { minRequesters: number; withinDays: number }) {
  const field = "w-20 rounded-md border border-line bg-panel px-2 py-1 text-sm text-ink focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-500";
  return (
    <form method="get" action="/audit/gaps" className="flex flex-wrap items-end gap-3 text-sm" aria-label="Recurring requests threshold">
      <input type="hidden" name="kind" value="recurringRequests" />
      <label className="flex flex-col gap-1 text-xs text-muted">
        Different requesters, at least
        <input type="number" name="minRequesters" min={2} max={1000} defaultValue={minRequesters} className={field} />
      </label>
      <label className="flex flex-col gap-1 text-xs text-muted">
        Within days
        <input type="number" name="withinDays" min={1} max={366} defaultValue={withinDays} className={field} />
      </label>
      <button type="submit" className="rounded-md bg-brand-600 px-3 py-1.5 text-xs font-medium text-white hover:bg-brand-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-500">
        Apply
      </button>
    </form>
  );
}
