/** A hit in context; the matched glyphs are a <mark> element (text is never injected as HTML). */
export function Snippet({ snippet }: { snippet: { before: string; match: string; after: string } }) {
  const squash = (s: string) => s.replace(/\s+/g, '');
  return (
    <span className="gz-hit-snippet">
      …{squash(snippet.before)}
      <mark>{snippet.match}</mark>
      {squash(snippet.after)}…
    </span>
  );
}
