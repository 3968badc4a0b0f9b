"use client";

import { DEFAULT_PAGE_SIZES, pageCount } from "./table-query";

const numberFormat = new Intl.NumberFormat("en");

export function DataTablePagination({
  page,
  pageSize,
  total,
  pageSizes = DEFAULT_PAGE_SIZES,
  onPage,
  onPageSize,
}: {
  page: number;
  pageSize: number;
  total: number;
  pageSizes?: readonly number[];
  onPage: (page: number) => void;
  onPageSize: (size: number) => void;
}) {
  const pages = pageCount(total, pageSize);
  const first = Math.min(total, (page - 1) * pageSize + 1);
  const last = Math.min(total, page * pageSize);
  return (
    <nav aria-label="Pagination" className="flex flex-wrap items-center justify-between gap-3 text-xs text-muted">
      <p role="status">
        {first > last ? "No rows on this page" : `${numberFormat.format(first)}–${numberFormat.format(last)} of ${numberFormat.format(total)}`}
      </p>
      <div className="flex items-center gap-3">
        <label className="flex items-center gap-1.5">
          Rows per page
          <select
            value={pageSize}
            onChange={(event) => onPageSize(Number(event.target.value))}
            className="rounded-md border border-line bg-panel px-1.5 py-1 text-xs text-ink"
          >
            {pageSizes.map((size) => (
              <option key={size} value={size}>
                {size}
              </option>
            ))}
          </select>
        </label>
        <span>
          Page {numberFormat.format(Math.min(page, pages))} of {numberFormat.format(pages)}
        </span>
        <div className="flex gap-1">
          <PageButton label="Previous page" disabled={page <= 1} onClick={() => onPage(page - 1)} path="M7.5 2.5 4 6l3.5 3.5" />
          <PageButton label="Next page" disabled={page >= pages} onClick={() => onPage(page + 1)} path="M4.5 2.5 8 6 4.5 9.5" />
        </div>
      </div>
    </nav>
  );
}

function PageButton({ label, disabled, onClick, path }: { label: string; disabled: boolean; onClick: () => void; path: string }) {
  return (
    <button
      type="button"
      aria-label={label}
      disabled={disabled}
      onClick={onClick}
      className="inline-flex size-7 items-center justify-center rounded-md border border-line bg-panel text-ink transition hover:bg-slate-50 disabled:cursor-not-allowed disabled:opacity-40"
    >
      <svg viewBox="0 0 12 12" className="size-3" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" aria-hidden="true">
        <path d={path} />
      </svg>
    </button>
  );
}
