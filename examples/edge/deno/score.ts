// A Deno HTTP server that scores one client per request with a fitted model:
//   deno run --allow-read --allow-net=127.0.0.1 score.ts model.json [port]
// POST /score with a ClientInput JSON body. Prints "listening on <port>" when ready.
import { initSync, Scorer } from "../../../pkg/segmenta.js";

initSync({ module: await Deno.readFile(new URL("../../../pkg/segmenta_bg.wasm", import.meta.url)) });
const model = JSON.parse(await Deno.readTextFile(Deno.args[0]));
const scorer = new Scorer(model);

Deno.serve({
  hostname: "127.0.0.1",
  port: Number(Deno.args[1] ?? 0),
  onListen: ({ port }) => console.log(`listening on ${port}`),
}, async (request) => {
  if (request.method === "POST" && new URL(request.url).pathname === "/score") {
    try {
      return Response.json(scorer.score(await request.json()));
    } catch (e) {
      const err = e as { message: string; kind?: string };
      return Response.json({ error: err.message, kind: err.kind ?? "invalidClient" }, { status: 400 });
    }
  }
  return new Response("not found", { status: 404 });
});
