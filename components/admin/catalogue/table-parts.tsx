import type { ColumnDef } from "@tanstack/react-table";
import { buttonGhost } from "../styles";

/** Both catalogue tables page the same way. */
export const CATALOGUE_PAGE_SIZES = { pageSizes: [10, 25, 50, 100], defaultPageSize: 25 } as const;

/** A URL value kept only when it is one of the options; a hand-edited unknown one means no filter. */
export function pickOption<T extends string>(options: readonly { value: T }[], value: string | undefined): T | undefined {
  return options.find((o) => o.value === value)?.value;
}

/** The last column: one Edit button per row, named after the row so each is distinct for screen readers. */
export function editColumn<TRow>(onEdit: (row: TRow) => void, name: (row: TRow) => string): ColumnDef<TRow> {
  return {
    id: "actions",
    header: () => <span className="sr-only">Actions</span>,
    meta: { className: "text-right" },
    cell: ({ row }) => (
      <button type="button" className={buttonGhost} onClick={() => onEdit(row.original)} aria-label={`Edit ${name(row.original)}`}>
        Edit
      </button>
    ),
  };
}
