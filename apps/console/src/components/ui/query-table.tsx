import type { ReactNode } from "react";
import { errorMessage } from "@/lib/error-message";
import { Alert } from "./alert";
import { EmptyState } from "./empty-state";
import { Table, Tbody, Th } from "./table";

export interface QueryTableProps<Row> {
  /** The list's query: its error is shown in place of the rows. */
  readonly query: { readonly isPending: boolean; readonly error: unknown };
  /** The rows once loaded; undefined before. */
  readonly rows: readonly Row[] | undefined;
  /** Said while the query is pending; nothing when absent. */
  readonly loading?: string;
  /** Said instead of an empty table; an empty table when absent. */
  readonly empty?: ReactNode;
  readonly caption: string;
  readonly columns: readonly string[];
  /** A last, unlabelled column for per-row buttons. */
  readonly actions?: boolean;
  /** One `<tr>` (with its key) per row. */
  readonly children: (row: Row) => ReactNode;
}

/** The list pages' common frame: loading line, the query's error, the empty state or the table. */
export function QueryTable<Row>({ query, rows, loading, empty, caption, columns, actions = false, children }: QueryTableProps<Row>) {
  const showEmpty = rows !== undefined && rows.length === 0 && empty !== undefined;
  return (
    <>
      {query.isPending && loading !== undefined && (
        <p role="status" className="text-sm text-slate-500">
          {loading}
        </p>
      )}
      {query.error !== null && <Alert tone="error">{errorMessage(query.error)}</Alert>}
      {showEmpty && <EmptyState>{empty}</EmptyState>}
      {rows !== undefined && !showEmpty && (
        <Table caption={caption}>
          <thead>
            <tr>
              {columns.map((column) => (
                <Th key={column}>{column}</Th>
              ))}
              {actions && (
                <Th>
                  <span className="sr-only">Actions</span>
                </Th>
              )}
            </tr>
          </thead>
          <Tbody>{rows.map(children)}</Tbody>
        </Table>
      )}
    </>
  );
}
