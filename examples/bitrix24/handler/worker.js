// The application's handler as a Cloudflare Worker (or any workerd-style `fetch` handler):
// Bitrix24 opens the placement and install pages with a POST, which static hosts refuse;
// the worker answers a POST with the page at that path, fetched as a GET, and passes
// every other request through. The POSTed fields are not needed: the BX24 SDK in the
// page gets them from the Bitrix24 frame.
//
// Where the files come from:
// * `env.ASSETS` — Workers static assets (wrangler.toml: `[assets] directory = ".."`);
// * else `env.ORIGIN` — the static host that has them (e.g. "https://me.github.io/app/").

/** The URL of the same path on the origin. */
export function originUrl(origin, requestUrl) {
  const base = new URL(origin.endsWith('/') ? origin : origin + '/');
  const u = new URL(requestUrl);
  const rest = u.pathname.replace(/^\/+/, '');
  return new URL(rest + u.search, base).href;
}

const HIDDEN = /^\/(handler|tests|fixtures)(\/|$)/;

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (HIDDEN.test(url.pathname)) return new Response('Not found', { status: 404 });
    if (!['GET', 'HEAD', 'POST'].includes(request.method)) {
      return new Response(null, { status: 405, headers: { Allow: 'GET, HEAD, POST' } });
    }
    const get = new Request(env.ORIGIN && !env.ASSETS ? originUrl(env.ORIGIN, request.url) : request.url, {
      method: request.method === 'HEAD' ? 'HEAD' : 'GET',
      headers: { Accept: request.headers.get('Accept') || '*/*' },
    });
    let res;
    if (env.ASSETS) res = await env.ASSETS.fetch(get);
    else if (env.ORIGIN) res = await fetch(get);
    else return new Response('Set the ASSETS binding or the ORIGIN variable', { status: 500 });
    if (request.method !== 'POST') return res;
    // The page answered to the POST: not to be cached as the answer to a GET.
    const headers = new Headers(res.headers);
    headers.set('Cache-Control', 'no-store');
    return new Response(res.body, { status: res.status, headers });
  },
};
