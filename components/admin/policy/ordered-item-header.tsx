import { buttonGhost } from "../styles";

/**
 * The head of an item whose place in a list matters (rules decide in order, stages run in order):
 * its number, and buttons to move it up, down, or remove it, each named after the item.
 */
export function OrderedItemHeader({
  index,
  count,
  kind,
  title,
  onMove,
  onRemove,
  removeDisabled,
}: {
  index: number;
  count: number;
  kind: string;
  /** The item's accessible name, which the buttons' names repeat. */
  title: string;
  onMove: (delta: -1 | 1) => void;
  onRemove: () => void;
  removeDisabled?: boolean;
}) {
  return (
    <div className="mb-1 flex items-center justify-between gap-2">
      <p className="text-xs font-semibold uppercase tracking-wide text-muted">
        <span className="mr-1.5 inline-flex size-5 items-center justify-center rounded-full bg-brand-50 text-[11px] text-brand-700">{index + 1}</span>
        {kind}
      </p>
      <div className="flex gap-1">
        <button type="button" className={buttonGhost} disabled={index === 0} aria-label={`Move ${title} up`} onClick={() => onMove(-1)}>
          ↑ Up
        </button>
        <button type="button" className={buttonGhost} disabled={index === count - 1} aria-label={`Move ${title} down`} onClick={() => onMove(1)}>
          ↓ Down
        </button>
        <button type="button" className={`${buttonGhost} hover:text-red-700`} disabled={removeDisabled} aria-label={`Remove ${title}`} onClick={onRemove}>
          Remove
        </button>
      </div>
    </div>
  );
}
