/** A machine-readable timestamp rendered in the reader's locale. */
export function Time({ value }: { value: string | number | Date }) {
  const date = new Date(value);
  return (
    <time dateTime={date.toISOString()} title={date.toISOString()}>
      {date.toLocaleString()}
    </time>
  );
}
