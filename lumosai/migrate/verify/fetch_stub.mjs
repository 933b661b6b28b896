// lumos-migrate verify: the fetch stub both sides' Node code runs under.
// - runner.mjs (the Mastra side) calls install() with the current scenario in memory;
// - on the Lumos side, TypeScript pieces run through the Node bridge; py_runner puts this file
//   in NODE_OPTIONS (--import) with LUMOS_VERIFY_STATE naming a JSON file
//   ({ tag, fetch: [...] }) it rewrites per scenario, and LUMOS_VERIFY_HTTP_LOG a file the HTTP
//   calls are appended to, so bridged tools are stubbed and recorded like native ones.
// Model calls (a provider host, or a path ending in /chat/completions, /responses, /embeddings,
// /completions) go to MOCK_LLM_BASE with an `x-lumos-verify: <side>|<tag>` header.
import { appendFileSync, readFileSync } from 'node:fs';

const LLM_HOSTS = ['api.openai.com', 'api.anthropic.com', 'api.deepseek.com', 'api.groq.com',
  'api.mistral.ai', 'api.together.xyz', 'openrouter.ai', 'api.x.ai', 'api.perplexity.ai',
  'generativelanguage.googleapis.com', 'dashscope.aliyuncs.com', 'api.cerebras.ai'];
const LLM_PATHS = /\/(chat\/completions|responses|embeddings|completions)$/;

// Headers every client adds by itself (Node's fetch, httpx): not what a tool chose to send.
const TRANSPORT_HEADERS = new Set(['host', 'user-agent', 'accept-encoding', 'connection',
  'content-length', 'content-type', 'transfer-encoding']);

/** The headers a tool set (lower-case names), without the transport's own. */
const headersOf = (input, init) => {
  const headers = new Headers(input instanceof Request ? input.headers : undefined);
  new Headers(init.headers ?? {}).forEach((v, k) => headers.set(k, v));
  return Object.fromEntries([...headers].filter(([k, v]) => !TRANSPORT_HEADERS.has(k) && !(k === 'accept' && v === '*/*')));
};

/** The request body a tool sent: parsed JSON, else text; null without one. */
const bodyOf = async (input, init) => {
  let raw = init.body;
  if (raw === undefined && input instanceof Request) raw = await input.clone().text();
  if (raw === undefined || raw === null || raw === '') return null;
  const text = typeof raw === 'string' ? raw
    : raw instanceof ArrayBuffer || ArrayBuffer.isView(raw) ? Buffer.from(raw).toString('utf8') : String(raw);
  try { return JSON.parse(text); } catch { return text; }
};

const urlOf = (input) => (typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);

export const llmTarget = (url, llmBase) => {
  let parsed;
  try { parsed = new URL(url); } catch { return null; }
  if (llmBase && url.startsWith(llmBase)) return url;
  if (!LLM_HOSTS.includes(parsed.hostname) && !LLM_PATHS.test(parsed.pathname)) return null;
  const at = parsed.pathname.lastIndexOf('/v1/');
  const suffix = at >= 0 ? parsed.pathname.slice(at + 3) : (parsed.pathname.match(LLM_PATHS) ?? [''])[0];
  return `${llmBase}${suffix}${parsed.search}`;
};

/** Replace globalThis.fetch. `state()` -> { side, tag, fetch }; `record(call)` keeps HTTP calls. */
export const install = (state, record) => {
  const realFetch = globalThis.fetch;
  const llmBase = (process.env.MOCK_LLM_BASE ?? '').replace(/\/+$/, '');
  // the app's own services (LUMOS_VERIFY_SERVICES: URL prefixes, e.g. a local Upstash stand-in
  // for its storage) are not tool HTTP: their calls go through, unrecorded
  const services = (process.env.LUMOS_VERIFY_SERVICES ?? '').split(',').filter(Boolean);
  globalThis.fetch = async (input, init = {}) => {
    const url = urlOf(input);
    if (services.some((prefix) => url.startsWith(prefix))) return realFetch(input, init);
    const method = (init.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    const { side, tag, fetch: stubs } = state();
    const target = llmTarget(url, llmBase);
    if (target) {
      const headers = new Headers(input instanceof Request ? input.headers : undefined);
      new Headers(init.headers ?? {}).forEach((v, k) => headers.set(k, v));
      headers.set('x-lumos-verify', `${side}|${tag}`);
      const body = init.body ?? (input instanceof Request ? await input.text() : undefined);
      return realFetch(target, { ...init, method, headers, body });
    }
    let decoded = url;
    try { decoded = decodeURIComponent(url); } catch { /* keep the raw URL */ }
    const call = { method, url: decoded };
    const [sentHeaders, sentBody] = [headersOf(input, init), await bodyOf(input, init)];
    if (Object.keys(sentHeaders).length) call.headers = sentHeaders;
    if (sentBody !== null) call.body = sentBody;
    for (const stub of stubs ?? []) {
      if (stub.method && stub.method.toUpperCase() !== method) continue;
      const hit = stub.url.startsWith('re:') ? new RegExp(stub.url.slice(3)).test(decoded) : decoded.includes(stub.url);
      if (!hit) continue;
      record(call);
      const isText = stub.text !== null && stub.text !== undefined;
      return new Response(isText ? stub.text : JSON.stringify(stub.json), {
        status: stub.status ?? 200,
        headers: { 'content-type': isText ? 'text/plain' : 'application/json', ...(stub.headers ?? {}) },
      });
    }
    record({ ...call, unstubbed: true });
    return new Response(JSON.stringify({ error: `no stub for ${decoded}` }), {
      status: 404, headers: { 'content-type': 'application/json' },
    });
  };
};

const stateFile = process.env.LUMOS_VERIFY_STATE;
if (stateFile) {
  const log = process.env.LUMOS_VERIFY_HTTP_LOG;
  install(
    () => {
      try { return { side: 'lumos', ...JSON.parse(readFileSync(stateFile, 'utf8')) }; } catch { return { side: 'lumos', tag: '', fetch: [] }; }
    },
    (call) => { if (log) appendFileSync(log, `${JSON.stringify(call)}\n`); },
  );
}
