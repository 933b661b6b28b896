// Lumos Node bridge worker: runs TypeScript/JavaScript pieces of a Mastra app for Python.
//
// Protocol: JSON lines over stdio. Python sends {id, op, ...}; the worker answers
// {id, ok: true, result} or {id, ok: false, error: {name, message, stack, kind}}; streaming ops
// also send {id, event} before the answer. {op: "cancel", id} aborts a call in flight.
// Answers go to their own pipe (LUMOS_PROTOCOL_FD), not stdout: loggers such as pino write
// JSON lines straight to fd 1, which must never be mistaken for an answer.

import { readFileSync, statSync, writeSync } from 'node:fs';
import nodeModule from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { MessageChannel } from 'node:worker_threads';

const PROJECT_ROOT = path.resolve(process.env.LUMOS_PROJECT_ROOT || process.cwd());
const PROJECT_URL = pathToFileURL(path.join(PROJECT_ROOT, 'package.json')).href;
const TSX_FALLBACK_DIR = process.env.LUMOS_TSX_DIR || '';
if (process.env.LUMOS_NODE_COMPILE_CACHE && nodeModule.enableCompileCache) {
  nodeModule.enableCompileCache(process.env.LUMOS_NODE_COMPILE_CACHE);
}

// ---------------------------------------------------------------- output (batched per tick)
const PROTOCOL_FD = Number(process.env.LUMOS_PROTOCOL_FD || 1);
if (PROTOCOL_FD === 1) {
  // run by hand: keep stdout for the protocol and move console output to stderr
  process.stdout.write = (chunk, encoding, callback) => process.stderr.write(chunk, encoding, callback);
}
function protocolWrite(text) {
  const data = Buffer.from(text, 'utf8');
  let offset = 0;
  while (offset < data.length) {
    try {
      offset += writeSync(PROTOCOL_FD, data, offset);
    } catch (err) {
      if (err.code !== 'EAGAIN') throw err;
    }
  }
}

let outQueue = [];
let flushScheduled = false;
function flush() {
  flushScheduled = false;
  const data = outQueue.length === 1 ? outQueue[0] : outQueue.join('');
  outQueue = [];
  protocolWrite(data);
}
function sendLine(line) {
  outQueue.push(line);
  if (!flushScheduled) {
    flushScheduled = true;
    setImmediate(flush);
  }
}

class BridgeError extends Error {
  constructor(message, kind = 'bridge') {
    super(message);
    this.name = 'BridgeError';
    this.kind = kind;
  }
}

// Strict: user values that JSON would silently mangle are an error, not data loss.
function strictReplacer(key, value) {
  const where = key === '' ? 'the value' : `the value at key '${key}'`;
  switch (typeof value) {
    case 'function':
      throw new BridgeError(`${where} is a function (${value.name || 'anonymous'}); only JSON data can cross the bridge`, 'unserializable');
    case 'bigint':
      throw new BridgeError(`${where} is a BigInt (${value}n); convert it to a number or string`, 'unserializable');
    case 'symbol':
      throw new BridgeError(`${where} is a Symbol; only JSON data can cross the bridge`, 'unserializable');
    case 'object':
      if (value instanceof Map || value instanceof Set) {
        throw new BridgeError(`${where} is a ${value.constructor.name}; convert it to a plain object or array`, 'unserializable');
      }
  }
  return value;
}

// Lenient: framework results (agent outputs, stream chunks) drop what is not data.
// Shared sub-objects are copied once (memo), cycles become '[Circular]'.
function lenientCopy(value, memo = new Map(), depth = 0) {
  if (value === null || value === undefined) return value;
  switch (typeof value) {
    case 'string': case 'number': case 'boolean': return value;
    case 'bigint': return value.toString();
    case 'function': case 'symbol': return undefined;
  }
  if (depth > 64) return '[too deep]';
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return undefined;
  if (memo.has(value)) return memo.get(value);
  memo.set(value, '[Circular]');
  let out;
  if (typeof value.toJSON === 'function') {
    out = lenientCopy(value.toJSON(), memo, depth + 1);
  } else if (Array.isArray(value)) {
    out = value.map((item) => lenientCopy(item, memo, depth + 1) ?? null);
  } else if (value instanceof Map) {
    out = {};
    for (const [k, v] of value) out[String(k)] = lenientCopy(v, memo, depth + 1);
  } else if (value instanceof Set) {
    out = [...value].map((item) => lenientCopy(item, memo, depth + 1) ?? null);
  } else if (typeof value.getReader === 'function' || typeof value.then === 'function') {
    out = undefined; // streams, promises and workflow builders are not data
  } else {
    out = {};
    for (const k of Object.keys(value)) {
      const v = lenientCopy(value[k], memo, depth + 1);
      if (v !== undefined) out[k] = v;
    }
  }
  memo.set(value, out);
  return out;
}

// A tool failure whose wire info is already built (with what Mastra's tool wrapper would
// tell the model: `mastraMessage`).
class ToolFailure extends Error {
  constructor(info) {
    super(info.message);
    this.info = info;
  }
}

// The message of the MastraError Mastra's tool wrapper makes of a thrown value, which is all
// its model sees (no class name, no stack): 1.x reads it through getErrorFromUnknown (an
// object's string `message`, else its JSON; a non-string primitive is 'Unknown error'), 0.24
// through safeParseErrorObject (any object as JSON). Falsy throws are 'Unknown error' in both.
function mastraToolMessage(err, era) {
  const asText = (obj) => {
    if (typeof obj !== 'object' || obj === null) return String(obj);
    try {
      const json = JSON.stringify(obj);
      return json === '{}' ? String(obj) : json;
    } catch {
      return String(obj);
    }
  };
  if (!err) return 'Unknown error';
  if (err instanceof Error) return err.message;
  if (era !== '1') return asText(err);
  if (typeof err === 'object') return typeof err.message === 'string' ? err.message : asText(err);
  return typeof err === 'string' ? err : 'Unknown error';
}

function errorInfo(err) {
  if (err instanceof ToolFailure) return err.info;
  if (err instanceof Error || (err && typeof err === 'object' && 'message' in err)) {
    let message = String(err.message);
    if (err.code === 'ERR_MODULE_NOT_FOUND' || err.code === 'MODULE_NOT_FOUND') {
      const pkg = /Cannot find (?:package|module) '([^']+)'/.exec(message);
      if (pkg && !pkg[1].startsWith('/') && !pkg[1].startsWith('.') && !pkg[1].startsWith('file:')) {
        message += `\nHint: '${pkg[1]}' is not installed for ${PROJECT_ROOT}; run \`npm install\` there (node_modules is missing or incomplete).`;
      }
    }
    return {
      name: err.name || 'Error',
      message,
      stack: typeof err.stack === 'string' ? err.stack : '',
      kind: err.kind || (err.name === 'AbortError' ? 'cancelled' : 'typescript'),
      code: typeof err.code === 'string' ? err.code : undefined,
    };
  }
  return { name: 'Error', message: `non-Error value thrown: ${safeString(err)}`, stack: '', kind: 'typescript' };
}

function safeString(value) {
  try {
    return typeof value === 'string' ? value : JSON.stringify(value);
  } catch {
    return String(value);
  }
}

function reply(id, result) {
  let line;
  try {
    line = JSON.stringify({ id, ok: true, result }, strictReplacer) + '\n';
  } catch (err) {
    const info = errorInfo(err);
    info.kind = 'unserializable';
    if (!(err instanceof BridgeError)) info.message = `return value cannot be sent as JSON: ${info.message}`;
    line = JSON.stringify({ id, ok: false, error: info }) + '\n';
  }
  sendLine(line);
}

function replyError(id, err) {
  sendLine(JSON.stringify({ id, ok: false, error: errorInfo(err) }) + '\n');
}

function sendEvent(id, event) {
  sendLine(JSON.stringify({ id, event: lenientCopy(event) }) + '\n');
}

// ---------------------------------------------------------------- module loading
// tsx's loader hooks make every module load slower, including the hundreds of plain .js files
// of @mastra/core (measured 3-4x). So before a TypeScript module is imported, the packages its
// local module graph imports statically are loaded with the hooks off; the TypeScript files
// then find them in the module cache.
let tsxApi = null;
let tsxUnregister = null;
async function loadTsxApi() {
  if (tsxApi) return tsxApi;
  for (const base of [PROJECT_ROOT, TSX_FALLBACK_DIR]) {
    if (!base) continue;
    let pkgJson;
    try {
      pkgJson = nodeModule.createRequire(path.join(base, 'package.json')).resolve('tsx/package.json');
    } catch {
      continue;
    }
    tsxApi = await import(pathToFileURL(path.join(path.dirname(pkgJson), 'dist/esm/api/index.mjs')).href);
    return tsxApi;
  }
  throw new BridgeError(
    `Loading TypeScript needs tsx, which is not installed in ${PROJECT_ROOT}/node_modules. ` +
      `Run \`npm install --save-dev tsx\` in ${PROJECT_ROOT} (or use compiled .js/.mjs modules).`,
    'missing-tsx',
  );
}

async function tsxOn() {
  if (!tsxUnregister) tsxUnregister = (await loadTsxApi()).register();
}

async function tsxOff() {
  if (tsxUnregister) {
    const unregister = tsxUnregister;
    tsxUnregister = null;
    await unregister();
  }
}

const STATIC_IMPORT = /(?:^|[;\s])(import|export)(\s+type)?\s+(?:[\w*{}\s,$]*?\s+from\s+)?['"]([^'"]+)['"]/g;
const LOCAL_EXTENSIONS = ['', '.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs', '/index.ts', '/index.tsx', '/index.js', '/index.mjs'];

function resolveLocal(from, specifier) {
  const base = path.resolve(path.dirname(from), specifier);
  const candidates = LOCAL_EXTENSIONS.map((ext) => base + ext);
  if (/\.[cm]?js$/.test(base)) candidates.push(base.replace(/js$/, 'ts'));
  for (const candidate of candidates) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch { /* try the next one */ }
  }
  return null;
}

// Bare specifiers imported (statically, not type-only) by `entry` and its local imports.
function packageImports(entry) {
  const found = new Map();
  const seen = new Set();
  const stack = [entry];
  while (stack.length) {
    const file = stack.pop();
    if (seen.has(file) || file.includes(`${path.sep}node_modules${path.sep}`)) continue;
    seen.add(file);
    let source;
    try {
      source = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const match of source.matchAll(STATIC_IMPORT)) {
      if (match[2]) continue; // `import type ...`
      const specifier = match[3];
      if (specifier.startsWith('.') || specifier.startsWith('/')) {
        const local = resolveLocal(file, specifier);
        if (local && /\.[cm]?[jt]sx?$/.test(local)) stack.push(local);
      } else if (!specifier.startsWith('node:') && !nodeModule.isBuiltin(specifier) && !found.has(specifier)) {
        found.set(specifier, file);
      }
    }
  }
  return found;
}

const preloaded = new Set();
async function preloadPackages(entry) {
  const todo = [...packageImports(entry)].filter(([specifier]) => !preloaded.has(specifier));
  if (!todo.length) return;
  await tsxOff();
  await Promise.allSettled(todo.map(async ([specifier, from]) => {
    preloaded.add(specifier);
    // failures (type-only packages, path aliases) are left to the real import to report
    await import(import.meta.resolve(specifier, pathToFileURL(from).href));
  }));
}

let tsLoading = Promise.resolve();
function loadTypeScript(file) {
  const run = tsLoading.then(async () => {
    await loadTsxApi();
    await preloadPackages(file);
    await tsxOn();
    return import(pathToFileURL(file).href);
  });
  tsLoading = run.catch(() => {});
  return run;
}

const modules = new Map();
function loadModule(file) {
  let promise = modules.get(file);
  if (!promise) {
    promise = /\.[cm]?tsx?$/.test(file) ? loadTypeScript(file) : import(pathToFileURL(file).href);
    modules.set(file, promise);
    promise.catch(() => modules.delete(file));
  }
  return promise;
}

// ---------------------------------------------------------------- module-level names
// A step or function the converter could not translate is often a module-level `const` the
// module does not export. A loader hook appends `export { name as __lumos_local_name }` to
// that module's source as Node loads it, so the bridge reaches it and the user's file is left
// alone. Names must be declared before the module's first load; a module already loaded
// without them is loaded once more under another URL (its top level runs a second time).
const LOCAL_PREFIX = '__lumos_local_';
const EXPOSE_HOOKS = `
const wanted = new Map();
export async function initialize({ port }) {
  port.on('message', (m) => {
    const names = wanted.get(m.url) || new Set();
    for (const n of m.names) names.add(n);
    wanted.set(m.url, names);
    port.postMessage({ ack: m.id });
  });
  port.unref();
}
export async function load(url, context, nextLoad) {
  const result = await nextLoad(url, context);
  const names = wanted.get(url);
  if (!names || result.source == null || result.format === 'commonjs') return result;
  const text = typeof result.source === 'string' ? result.source : new TextDecoder().decode(result.source);
  const list = [...names].map((n) => n + ' as ${LOCAL_PREFIX}' + n).join(', ');
  return { ...result, source: text + '\\nexport { ' + list + ' };\\n' };
}
`;
let exposePort = null;
let exposeSeq = 0;
const exposeAcks = new Map();
function exposeNames(url, names) {
  if (!exposePort) {
    const { port1, port2 } = new MessageChannel();
    nodeModule.register(`data:text/javascript,${encodeURIComponent(EXPOSE_HOOKS)}`, {
      data: { port: port2 },
      transferList: [port2],
    });
    port1.on('message', (m) => {
      exposeAcks.get(m.ack)?.();
      exposeAcks.delete(m.ack);
    });
    port1.unref();
    exposePort = port1;
  }
  const id = ++exposeSeq;
  return new Promise((resolve) => {
    exposeAcks.set(id, resolve);
    exposePort.postMessage({ id, url, names });
  });
}

const exposing = new Map(); // file -> { names, promise } of the instance that exposes them
let reloads = 0;
function loadModuleExposing(file, name) {
  const entry = exposing.get(file);
  if (entry?.names.has(name)) return entry.promise;
  const names = new Set([...(entry?.names || []), name]);
  let promise;
  if (!entry && !modules.has(file)) {
    promise = exposeNames(pathToFileURL(file).href, [...names]).then(() => loadModule(file));
  } else {
    const url = `${pathToFileURL(file).href}?lumos-expose=${++reloads}`;
    promise = exposeNames(url, [...names])
      .then(() => loadModule(file)) // tsx is registered once the file has loaded
      .then(() => import(url));
  }
  exposing.set(file, { names, promise });
  promise.catch(() => exposing.delete(file));
  return promise;
}

async function fromProject(specifier) {
  return import(import.meta.resolve(specifier, PROJECT_URL));
}

// Resolves to { value }: a Mastra workflow has a `.then()` builder method, so returning it
// bare from an async function would make `await` treat it as a promise and hang.
async function getExport(msg) {
  const mod = msg.local ? await loadModuleExposing(msg.module, msg.local) : await loadModule(msg.module);
  const name = msg.local ? LOCAL_PREFIX + msg.local : msg.export || 'default';
  if (msg.local && !(name in mod)) {
    throw new BridgeError(`${msg.module} has no module-level declaration '${msg.local}' the bridge could expose`, 'missing-export');
  }
  if (!(name in mod)) {
    const names = Object.keys(mod).join(', ') || '(none)';
    throw new BridgeError(`${msg.module} has no export named '${name}' (its exports: ${names})`, 'missing-export');
  }
  let value = mod[name];
  if (msg.key) {
    const getter = msg.kind === 'workflow' ? 'getWorkflow' : msg.kind === 'tool' ? 'getTool' : 'getAgent';
    if (typeof value?.[getter] !== 'function') {
      throw new BridgeError(`export '${name}' of ${msg.module} is not a Mastra instance (no ${getter}())`, 'missing-export');
    }
    value = value[getter](msg.key);
  }
  if (value === undefined || value === null) {
    throw new BridgeError(`export '${name}' of ${msg.module} is ${value}`, 'missing-export');
  }
  return { value };
}

// ---------------------------------------------------------------- Mastra helpers
let coreVersion = null;
async function mastraMajor() {
  if (coreVersion === null) {
    try {
      const pkgPath = nodeModule.createRequire(path.join(PROJECT_ROOT, 'package.json')).resolve('@mastra/core/package.json');
      coreVersion = JSON.parse(readFileSync(pkgPath, 'utf8')).version || '';
    } catch {
      coreVersion = '';
    }
  }
  const major = parseInt(coreVersion, 10);
  return Number.isNaN(major) ? 1 : major;
}

async function contextClass() {
  if ((await mastraMajor()) >= 1) return (await fromProject('@mastra/core/request-context')).RequestContext;
  try {
    return (await fromProject('@mastra/core/runtime-context')).RuntimeContext;
  } catch {
    return (await fromProject('@mastra/core/di')).RuntimeContext;
  }
}

async function makeRequestContext(entries) {
  const Ctx = await contextClass();
  return new Ctx(Object.entries(entries || {}));
}

let coreUrl = null;
function mastraCoreUrl() {
  coreUrl ??= import.meta.resolve('@mastra/core/package.json', PROJECT_URL);
  return coreUrl;
}

// The JSON schema Mastra's CoreToolBuilder gives the model for a tool (without a model-specific
// compat layer): 1.x via Standard Schema when the schema supports it, else (and in 0.x) via
// @mastra/schema-compat's applyCompatLayer, as installed next to the app's @mastra/core.
async function schemaToJson(schema, io) {
  if (schema === undefined || schema === null) return null;
  if (typeof schema === 'function') schema = schema();
  if (typeof schema !== 'object') return null;
  if ((await mastraMajor()) >= 1) {
    const s = await fromProject('@mastra/core/schema');
    if (s.isStandardSchemaWithJSON(schema)) {
      return s.standardSchemaToJSONSchema(s.toStandardSchema(schema), { io });
    }
  }
  const compat = await import(import.meta.resolve('@mastra/schema-compat', mastraCoreUrl()));
  const converted = compat.applyCompatLayer({ schema, compatLayers: [], mode: 'aiSdkSchema' });
  return converted?.jsonSchema ?? converted;
}

function toolEra(msg, major) {
  if (msg.era === '0' || msg.era === '1') return msg.era;
  return major >= 1 ? '1' : '0';
}

function raceAbort(promise, signal) {
  if (!signal) return promise;
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      const err = new Error('call cancelled by Python');
      err.name = 'AbortError';
      reject(err);
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

const registeredWorkflows = new WeakMap();
async function registeredWorkflow(wf) {
  let entry = registeredWorkflows.get(wf);
  if (!entry) {
    entry = (async () => {
      if (typeof wf.createRun !== 'function' && typeof wf.createRunAsync !== 'function') {
        throw new BridgeError('export is not a Mastra workflow (no createRun())', 'missing-export');
      }
      if (wf.mastra || wf.__mastra || (typeof wf.getMastra === 'function' && wf.getMastra())) return { value: wf };
      // A bare workflow has no storage, so suspended runs could not resume: register it.
      const { Mastra } = await fromProject('@mastra/core/mastra');
      const { InMemoryStore } = await fromProject('@mastra/core/storage');
      const mastra = new Mastra({ workflows: { [wf.id]: wf }, storage: new InMemoryStore(), logger: false });
      return { value: mastra.getWorkflow(wf.id) };
    })();
    registeredWorkflows.set(wf, entry);
  }
  return entry;
}

const runs = new Map();
async function createRun(wf, runId) {
  const opts = runId ? { runId } : undefined;
  return typeof wf.createRun === 'function' && (await mastraMajor()) >= 1
    ? wf.createRun(opts)
    : wf.createRunAsync(opts);
}

function agentResult(res) {
  const keys = ['text', 'object', 'toolCalls', 'toolResults', 'usage', 'totalUsage', 'finishReason',
    'runId', 'steps', 'reasoningText', 'warnings', 'suspendPayload', 'error', 'tripwire', 'traceId'];
  const out = {};
  for (const k of keys) if (res && res[k] !== undefined) out[k] = lenientCopy(res[k]);
  return out;
}

// A generator function's result cannot cross as JSON: hand Python the values it yields (a
// Python caller iterates a list the same way).
async function drainGenerator(value) {
  const tag = Object.prototype.toString.call(value);
  if (tag === '[object Generator]') return Array.from(value);
  if (tag === '[object AsyncGenerator]') {
    const items = [];
    for await (const item of value) items.push(item);
    return items;
  }
  return value;
}

// Dates a function returns reach Python as datetimes (translated Python code treats a Date as
// a datetime, and may hand it back to another bridged function)
function markDates(value, depth = 0) {
  if (value instanceof Date) return { __lumos_date__: isNaN(value) ? 'Invalid Date' : value.toISOString() };
  if (depth > 20 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => markDates(v, depth + 1));
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, markDates(v, depth + 1)]));
}

// ---------------------------------------------------------------- operations
const OPS = {
  ping: () => null,
  echo: (msg) => msg.value,

  async call(msg, signal) {
    const fn = (await getExport(msg)).value;
    if (typeof fn !== 'function') throw new BridgeError(`export '${msg.export}' of ${msg.module} is not a function`, 'missing-export');
    return raceAbort(Promise.resolve(fn(...(msg.args || []))).then(drainGenerator).then(markDates), signal);
  },

  // One Mastra workflow step run for a Lumos workflow: the step's context is rebuilt from
  // what Python sends; suspend/bail/setState are recorded and handed back to the Lumos engine.
  async 'step.execute'(msg, signal) {
    const step = (await getExport(msg)).value;
    if (typeof step?.execute !== 'function') {
      throw new BridgeError(`${msg.local || msg.export} of ${msg.module} is not a Mastra step (no execute())`, 'missing-export');
    }
    const c = msg.context || {};
    const results = c.stepResults || {};
    const requestContext = await makeRequestContext(c.requestContext);
    const outcome = {};
    const unavailable = new Proxy({}, {
      get: (_, prop) => {
        if (prop === 'then') return undefined;
        throw new BridgeError(`mastra.${String(prop)} is not available to a bridged step; translate the step or move the call to Python`, 'unsupported');
      },
    });
    const params = {
      inputData: c.inputData,
      resumeData: c.resumeData ?? undefined,
      suspendData: c.suspendData ?? undefined,
      state: c.state ?? {},
      setState: async (state) => { outcome.state = state ?? null; },
      getInitData: () => c.initData,
      getStepResult: (s) => results[typeof s === 'string' ? s : s?.id],
      suspend: async (payload) => { outcome.suspended = payload ?? null; },
      bail: (value) => { outcome.bailed = value ?? null; return value; },
      abort: () => { throw new BridgeError('abort() is not supported in a bridged step', 'unsupported'); },
      runId: c.runId,
      workflowId: c.workflowId,
      retryCount: c.retryCount ?? 0,
      requestContext,
      runtimeContext: requestContext,
      abortSignal: signal,
      mastra: unavailable,
      writer: { write: async () => {}, custom: async () => {} },
    };
    const output = await raceAbort(Promise.resolve(step.execute(params)), signal);
    return { output: output === undefined ? null : lenientCopy(output), ...outcome };
  },

  async 'tool.describe'(msg) {
    const tool = (await getExport({ ...msg, kind: 'tool' })).value;
    if (typeof tool.execute !== 'function') throw new BridgeError(`export '${msg.export}' of ${msg.module} is not a tool (no execute())`, 'missing-export');
    const major = await mastraMajor();
    return {
      id: tool.id,
      description: tool.description || '',
      inputSchema: await schemaToJson(tool.inputSchema, 'input'),
      outputSchema: await schemaToJson(tool.outputSchema, 'output'),
      era: toolEra(msg, major),
      mastraCore: coreVersion,
    };
  },

  async 'tool.execute'(msg, signal) {
    const tool = (await getExport({ ...msg, kind: 'tool' })).value;
    const ctx = msg.context || {};
    const requestContext = await makeRequestContext(ctx.requestContext);
    const era = toolEra(msg, await mastraMajor());
    try {
      let pending;
      if (era === '1') {
        const context = { requestContext, abortSignal: signal };
        if (ctx.toolCallId || ctx.threadId || ctx.resourceId) {
          context.agent = {
            agentId: ctx.agentId, toolCallId: ctx.toolCallId, messages: ctx.messages || [],
            threadId: ctx.threadId, resourceId: ctx.resourceId,
            suspend: async () => { throw new BridgeError('suspend() is not supported for tools called from Python', 'unsupported'); },
          };
        }
        if (ctx.runId) context.runId = ctx.runId;
        pending = tool.execute(msg.input, context);
      } else {
        pending = tool.execute({
          context: msg.input, runtimeContext: requestContext, threadId: ctx.threadId,
          resourceId: ctx.resourceId, runId: ctx.runId, abortSignal: signal,
        });
      }
      return await raceAbort(Promise.resolve(pending), signal);
    } catch (err) {
      const info = errorInfo(err);
      if (info.kind === 'typescript') info.mastraMessage = mastraToolMessage(err, era);
      throw new ToolFailure(info);
    }
  },

  async 'agent.describe'(msg) {
    const agent = (await getExport({ ...msg, kind: 'agent' })).value;
    return { id: agent.id, name: agent.name };
  },

  async 'agent.generate'(msg, signal) {
    const agent = (await getExport({ ...msg, kind: 'agent' })).value;
    const options = { ...(msg.options || {}), abortSignal: signal };
    if (options.requestContext) options.requestContext = await makeRequestContext(options.requestContext);
    if (options.runtimeContext) options.runtimeContext = await makeRequestContext(options.runtimeContext);
    const method = msg.legacy ? 'generateLegacy' : 'generate';
    return agentResult(await raceAbort(agent[method](msg.messages, options), signal));
  },

  async 'agent.stream'(msg, signal) {
    const agent = (await getExport({ ...msg, kind: 'agent' })).value;
    const options = { ...(msg.options || {}), abortSignal: signal };
    if (options.requestContext) options.requestContext = await makeRequestContext(options.requestContext);
    const stream = await raceAbort(agent.stream(msg.messages, options), signal);
    for await (const chunk of stream.fullStream) {
      if (signal.aborted) break;
      sendEvent(msg.id, chunk);
    }
    const result = {};
    for (const k of ['text', 'object', 'toolCalls', 'toolResults', 'usage', 'finishReason', 'runId']) {
      try {
        const v = await stream[k];
        if (v !== undefined) result[k] = lenientCopy(v);
      } catch { /* not available for this stream */ }
    }
    return result;
  },

  async 'workflow.start'(msg, signal) {
    const wf = (await registeredWorkflow((await getExport({ ...msg, kind: 'workflow' })).value)).value;
    const run = await createRun(wf, msg.runId);
    runs.set(run.runId, run);
    const params = { inputData: msg.inputData };
    if (msg.requestContext) params.requestContext = await makeRequestContext(msg.requestContext);
    const res = await raceAbort(run.start(params), signal);
    if (res?.status !== 'suspended') runs.delete(run.runId);
    return { runId: run.runId, ...lenientCopy(res) };
  },

  async 'workflow.stream'(msg, signal) {
    const wf = (await registeredWorkflow((await getExport({ ...msg, kind: 'workflow' })).value)).value;
    if ((await mastraMajor()) < 1) {
      throw new BridgeError('streaming a workflow through the bridge needs @mastra/core 1.x; use start()', 'unsupported');
    }
    const run = await createRun(wf, msg.runId);
    runs.set(run.runId, run);
    const params = { inputData: msg.inputData };
    if (msg.requestContext) params.requestContext = await makeRequestContext(msg.requestContext);
    const output = run.stream(params);
    for await (const event of output.fullStream) {
      if (signal.aborted) break;
      sendEvent(msg.id, event);
    }
    const res = await raceAbort(Promise.resolve(output.result), signal);
    if (res?.status !== 'suspended') runs.delete(run.runId);
    return { runId: run.runId, ...lenientCopy(res) };
  },

  async 'workflow.resume'(msg, signal) {
    const wf = (await registeredWorkflow((await getExport({ ...msg, kind: 'workflow' })).value)).value;
    const run = runs.get(msg.runId) || (await createRun(wf, msg.runId));
    const params = { resumeData: msg.resumeData };
    if (msg.step !== undefined && msg.step !== null) params.step = msg.step;
    if (msg.requestContext) params.requestContext = await makeRequestContext(msg.requestContext);
    const res = await raceAbort(run.resume(params), signal);
    if (res?.status !== 'suspended') runs.delete(msg.runId);
    return { runId: run.runId, ...lenientCopy(res) };
  },

  async batch(msg, signal) {
    const settled = await Promise.allSettled(msg.calls.map((c) => dispatch(c, signal)));
    return settled.map((s) => (s.status === 'fulfilled' ? { ok: true, result: s.value } : { ok: false, error: errorInfo(s.reason) }));
  },

  exit(msg) {
    // Used by tests to simulate a crash mid-call.
    setTimeout(() => process.exit(msg.code ?? 1), msg.delayMs ?? 0);
    return new Promise(() => {});
  },
};

function dispatch(msg, signal) {
  const op = OPS[msg.op];
  if (!op) return Promise.reject(new BridgeError(`unknown operation '${msg.op}'`, 'protocol'));
  try {
    return Promise.resolve(op(msg, signal));
  } catch (err) {
    return Promise.reject(err);
  }
}

const controllers = new Map();
function handle(line) {
  if (!line) return;
  let msg;
  try {
    // Python datetimes arrive as {__lumos_date__: iso}: revive them as Dates
    msg = line.includes('"__lumos_date__"')
      ? JSON.parse(line, (_, v) => (v && typeof v === 'object' && typeof v.__lumos_date__ === 'string' && Object.keys(v).length === 1 ? new Date(v.__lumos_date__) : v))
      : JSON.parse(line);
  } catch (err) {
    process.stderr.write(`lumos worker: ignoring a line that is not JSON: ${err.message}\n`);
    return;
  }
  if (msg.op === 'cancel') {
    controllers.get(msg.id)?.abort();
    return;
  }
  if (msg.op === 'ping') {
    sendLine(`{"id":${Number(msg.id)},"ok":true,"result":null}\n`);
    return;
  }
  const controller = new AbortController();
  controllers.set(msg.id, controller);
  dispatch(msg, controller.signal).then(
    (result) => { if (!controller.signal.aborted) reply(msg.id, result); },
    (err) => { if (!controller.signal.aborted) replyError(msg.id, err); },
  ).finally(() => controllers.delete(msg.id));
}

// ---------------------------------------------------------------- input
let partial = [];
process.stdin.on('data', (chunk) => {
  let start = 0;
  let nl = chunk.indexOf(10);
  while (nl !== -1) {
    let line;
    if (partial.length) {
      partial.push(chunk.subarray(start, nl));
      line = Buffer.concat(partial).toString('utf8');
      partial = [];
    } else {
      line = chunk.toString('utf8', start, nl);
    }
    handle(line);
    start = nl + 1;
    nl = chunk.indexOf(10, start);
  }
  if (start < chunk.length) partial.push(chunk.subarray(start));
});
process.stdin.on('end', () => process.exit(0));
process.on('unhandledRejection', (reason) => {
  process.stderr.write(`lumos worker: unhandled rejection: ${reason?.stack || reason}\n`);
});
sendLine(JSON.stringify({ hello: { node: process.version, pid: process.pid, root: PROJECT_ROOT } }) + '\n');
