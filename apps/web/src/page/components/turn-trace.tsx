import type { RetrievalTrace } from '../api/types';

/**
 * A turn's retrieval: the query as searched (rewritten or not), every hit with its score, and
 * whether it was injected or why not.
 */
export function TurnTrace({ trace }: { trace: RetrievalTrace }) {
  return (
    <div className="space-y-2 text-xs" data-testid="turn-trace">
      <dl className="grid grid-cols-[8rem_1fr] gap-x-2 gap-y-0.5">
        <dt className="text-muted-foreground">query</dt>
        <dd className="break-words">{trace.original_query}</dd>
        <dt className="text-muted-foreground">rewritten</dt>
        <dd className="break-words">
          {trace.rewritten_query ?? `not rewritten (rewrite: ${trace.rewrite_mode})`}
        </dd>
        <dt className="text-muted-foreground">searched</dt>
        <dd className="break-words">
          {trace.search_query} · scope {trace.scope} · top_k {trace.top_k} · min_score{' '}
          {trace.min_score} · {trace.elapsed_ms.toFixed(1)} ms
        </dd>
      </dl>
      {trace.error && <p className="text-danger">{trace.error}</p>}
      {trace.hits.length === 0 ? (
        <p className="text-muted-foreground">No skill matched.</p>
      ) : (
        <table className="w-full border-collapse text-left">
          <thead>
            <tr className="text-muted-foreground">
              <th className="pr-2 font-normal">#</th>
              <th className="pr-2 font-normal">skill</th>
              <th className="pr-2 font-normal">score</th>
              <th className="font-normal">injected / why not</th>
            </tr>
          </thead>
          <tbody>
            {trace.hits.map((hit) => (
              <tr key={hit.id} className="border-t border-border align-top">
                <td className="pr-2">{hit.rank}</td>
                <td className="pr-2 break-all">
                  {hit.name} v{hit.version} ({hit.scope})
                </td>
                <td className="pr-2">{hit.score.toFixed(3)}</td>
                <td>
                  {hit.injected ? 'injected' : 'skipped'}
                  {hit.reason && hit.reason !== 'injected' ? ` — ${hit.reason}` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
