// Node (compiled by tsc): the package's types checked under `strict`, then run.
import { readFileSync } from 'node:fs';
import { analyze, Scorer } from 'segmenta';
import type { AnalyzeOptions, ClientInput, Model, Report, ScoreResult, Summary } from 'segmenta';

const options: AnalyzeOptions = { segments: 'rfm11', bins: 5, lang: 'en' };
const file = process.argv[2] ?? new URL('../orders.csv', import.meta.url);
const report: Report = analyze(readFileSync(file), options);
const summary: Summary = report.summary();

console.log(`${summary.customers} clients, as of ${summary.asOf}`);
for (const s of summary.segments) {
  if (s.customers > 0) console.log(`${s.segment}: ${s.customers}`);
}

// Per-client columns are typed arrays, one entry per client in `clientIds()` order.
const ids: string[] = report.clientIds();
const { recency, segment, segmentNames } = report.columns();
const newest = ids.reduce((best, _, i) => (recency[i] < recency[best] ? i : best), 0);
const why = report.explain(ids[newest]);
console.error(`most recent: ${ids[newest]} (${segmentNames[segment[newest]]}), ${why?.labels.length ?? 0} labels explained`);

// The fitted model is plain JSON; a Scorer labels new clients with it.
const model: Model = JSON.parse(JSON.stringify(report.model()));
report.free();
const scorer = new Scorer(model);
const client: ClientInput = { id: 'new', lastOrderDate: model.asOf, frequency: 3, monetary: 250 };
const scored: ScoreResult = scorer.score(client, { asOf: model.asOf });
console.error(`a new client: ${scored.segment}, lifecycle ${scored.lifecycle}, action ${scored.action?.name ?? 'none'}`);
scorer.free();
