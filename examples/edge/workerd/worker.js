// A Cloudflare Worker (or plain workerd) that scores one client per request with a model
// fitted by `report.model()`. POST /score with a ClientInput JSON body; GET / describes it.
import { Scorer } from './workerd.js';
import model from './model.json';

const scorer = new Scorer(model);

export default {
  async fetch(request) {
    const url = new URL(request.url);
    if (request.method === 'POST' && url.pathname === '/score') {
      try {
        const client = await request.json();
        return Response.json(scorer.score(client));
      } catch (e) {
        return Response.json({ error: e.message, kind: e.kind ?? 'invalidClient' }, { status: 400 });
      }
    }
    if (url.pathname === '/') {
      return Response.json({ asOf: model.asOf, bins: model.bins, segments: model.segments.map((s) => s.name) });
    }
    return new Response('not found', { status: 404 });
  },
};
