/** Under `npm start` no mail leaves the machine: say where it went instead. */
export function LocalMailHint({ localMail }: { localMail: boolean }) {
  if (!localMail) return null;
  return (
    <p className="text-xs text-slate-500">
      Local mode: mail is not sent. The terminal running <code>npm start</code> prints every message with its link (lines starting with <code>mail |</code>).
    </p>
  );
}
