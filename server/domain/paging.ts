export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/**
 * One page of a filtered list with the count of the whole filter. The caller passes the same
 * `where` to both queries so the total always describes the rows being paged.
 */
export async function readPage<Row, Item>(
  { page, pageSize }: { page: number; pageSize: number },
  count: () => Promise<number>,
  read: (window: { skip: number; take: number }) => Promise<Row[]>,
  toItem: (row: Row) => Item,
): Promise<Page<Item>> {
  const [total, rows] = await Promise.all([count(), read({ skip: (page - 1) * pageSize, take: pageSize })]);
  return { items: rows.map((row) => toItem(row)), total, page, pageSize };
}
