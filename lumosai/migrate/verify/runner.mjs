// lumos-migrate verify: runs scenarios in the real Mastra app and prints what happened as JSON.
// Usage: node --import <tsx> runner.mjs <app-root> <entry> <scenarios.json>
// Env: MOCK_LLM_BASE = the mock OpenAI-compatible server (http://127.0.0.1:PORT/v1).
//
// How models reach the mock (fetch_stub.mjs): every fetch whose URL is a model API call (a known
// provider host, or a path ending in /chat/completions, /responses, /embeddings, /completions)
// is rewritten to MOCK_LLM_BASE. That covers AI-SDK provider objects (openai('gpt-4o')), model-router strings
// ('openai/gpt-4o-mini'), createOpenAI({ baseURL }) and OpenAI-compatible configs alike, on
// Mastra 0.x and 1.x, because all of them call globalThis.fetch at request time.
// Every other fetch is answered from the scenario's stubs; an unmatched one gets a 404 and is
// reported. Each model request carries `x-lumos-verify: mastra|<scenario>` so the server's
// record can be split per scenario.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { install } from './fetch_stub.mjs';

const [root, entry, scenarioFile] = process.argv.slice(2).map((a, i) => (i === 0 ? path.resolve(a) : a));
const scenarios = JSON.parse(readFileSync(scenarioFile, 'utf8'));
let current = { tag: '', fetch: [], http: [] };
install(() => ({ side: 'mastra', tag: current.tag, fetch: current.fetch }), (call) => current.http.push(call));

const plain = (value) => {
  if (value === undefined) return null;
  try { return JSON.parse(JSON.stringify(value)); } catch { return String(value); }
};
const errorText = (error) => (error ? String(error?.message ?? error) : null);
const chunk = (c) => c?.payload ?? c ?? {};
// A tool failure handed to the model as a value: Mastra 0.x's TOOL_EXECUTION_FAILED object, and
// the `{ error: true, message, validationErrors }` both eras return for invalid arguments.
// Judged on the JSON the model sees (0.24's MastraError only has `code` in its toJSON()).
const failureObject = (value) => {
  const data = plain(value);
  return data?.code === 'TOOL_EXECUTION_FAILED' || (data?.error === true && data?.validationErrors !== undefined);
};

// A scenario's `context`: Mastra 1.x's RequestContext or 0.x's RuntimeContext, built with the
// class of the app's own @mastra/core (resolved from the app, not from this file), under the
// option name its era reads.
let contextKind;
// The ESM file of `@mastra/core/<subpath>` as the app imports it (its package.json `exports`,
// `import` condition; a CommonJS copy would be another class).
const coreModule = (subpath) => {
  const manifest = createRequire(path.join(root, 'package.json')).resolve('@mastra/core/package.json');
  const { exports: map = {} } = JSON.parse(readFileSync(manifest, 'utf8'));
  const key = `./${subpath}`;
  let target = map[key];
  if (target === undefined) {
    const wild = Object.keys(map).find((k) => k.endsWith('*') && key.startsWith(k.slice(0, -1)));
    if (wild === undefined) return null;
    target = JSON.parse(JSON.stringify(map[wild]).replaceAll('*', key.slice(wild.length - 1)));
  }
  const pick = (t) => (typeof t === 'string' ? t : t && (pick(t.import) ?? pick(t.default)));
  const file = pick(target);
  return file ? pathToFileURL(path.join(path.dirname(manifest), file)).href : null;
};
const contextClass = async () => {
  if (contextKind !== undefined) return contextKind;
  for (const [subpath, name, option] of [
    ['request-context', 'RequestContext', 'requestContext'],
    ['runtime-context', 'RuntimeContext', 'runtimeContext'],
    ['di', 'RuntimeContext', 'runtimeContext'],
  ]) {
    try {
      const url = coreModule(subpath);
      const found = url && (await import(url))[name];
      if (found) return (contextKind = { Context: found, option });
    } catch { /* not in this era */ }
  }
  return (contextKind = null);
};
const withContext = async (scenario, options) => {
  const entries = Object.entries(scenario.context ?? {});
  if (!entries.length) return options;
  const kind = await contextClass();
  if (!kind) throw new Error('scenario context: no RequestContext/RuntimeContext in @mastra/core');
  return { ...options, [kind.option]: new kind.Context(entries) };
};

// A `resume` turn (no message) resumes the run the previous turn left suspended.
const agentTurn = async (agent, scenario, turn, runId) => {
  let options = { maxSteps: turn.max_steps ?? 5 };
  if (scenario.thread) options.memory = { thread: scenario.thread, resource: scenario.resource ?? 'verify-user' };
  try {
    options = await withContext(scenario, options);
    const r = turn.message == null
      ? await agent.resumeGenerate(turn.resume, { ...options, runId })
      : await agent.generate(turn.message, options);
    const toolResults = [];
    if (process.env.VERIFY_DEBUG) (await import('node:fs')).appendFileSync(process.env.VERIFY_DEBUG, `${JSON.stringify({ steps: r.steps, toolResults: r.toolResults })}\n`);
    // step content is the most faithful record (it keeps failed tools as error outputs);
    // after resumeGenerate, 1.71 repeats the resumed call's result in the next step's content
    const recorded = new Set();
    for (const step of r.steps ?? []) {
      for (const part of step.content ?? []) {
        if (part.type !== 'tool-error' && part.type !== 'tool-result') continue;
        if (recorded.has(part.toolCallId)) continue;
        recorded.add(part.toolCallId);
        if (part.type === 'tool-error') {
          toolResults.push({ id: part.toolCallId, name: part.toolName, result: errorText(part.error), isError: true });
        } else if (part.type === 'tool-result') {
          // 1.x: output = { type: 'json' | 'text' | 'error-text' | 'error-json', value }; 0.x: result
          const wrapped = part.output && typeof part.output === 'object' && 'type' in part.output && 'value' in part.output;
          const value = wrapped ? part.output.value : (part.result ?? part.output);
          const isError = (wrapped && String(part.output.type).startsWith('error')) || failureObject(value);
          toolResults.push({ id: part.toolCallId, name: part.toolName, result: plain(isError ? String(value?.message ?? value) : value), isError });
        }
      }
    }
    // Mastra 1.71 keeps only the last of two parallel calls of one tool in a step's content,
    // while r.toolResults has every result: add the ones the steps do not have
    const seen = new Set(toolResults.map((t) => t.id));
    for (const c of r.toolResults ?? []) {
      const p = chunk(c);
      if (seen.has(p.toolCallId)) continue;
      const isError = Boolean(p.isError) || p.result instanceof Error || failureObject(p.result);
      toolResults.push({ id: p.toolCallId, name: p.toolName, result: plain(isError ? errorText(p.result) : p.result), isError });
    }
    const toolCalls = (r.toolCalls ?? []).map((c) => ({ id: chunk(c).toolCallId, name: chunk(c).toolName, args: plain(chunk(c).args) }));
    const order = new Map(toolCalls.map((c, i) => [c.id, i]));
    if (toolResults.every((t) => order.has(t.id))) toolResults.sort((a, b) => order.get(a.id) - order.get(b.id));
    return {
      text: r.text ?? '',
      object: plain(r.object),
      finishReason: r.finishReason ?? null,
      runId: r.runId ?? null,
      suspendPayload: plain(r.suspendPayload ?? null),
      toolCalls,
      toolResults,
      error: r.error ? errorText(r.error) : null,
    };
  } catch (error) {
    return { text: '', object: null, finishReason: 'error', toolCalls: [], toolResults: [], error: errorText(error) };
  }
};

// `.map()` steps keep their ids: compare.step_keys numbers them (mapping#1, #2, ...) on both sides.
const stepKey = (k) => k.replace(/^sleep_[0-9a-f-]{36}$/, 'sleep');

const workflowSummary = (r) => ({
  status: r.status,
  result: plain(r.result ?? null),
  error: r.error ? errorText(r.error) : null,
  suspended: plain(r.suspended ?? []),
  steps: Object.fromEntries(Object.entries(r.steps ?? {}).filter(([k, v]) => v?.status && k !== 'input').map(([k, v]) => [stepKey(k), {
    status: v.status,
    output: plain(v.output ?? null),
    suspendPayload: plain(v.suspendPayload ?? null),
    error: v.error ? errorText(v.error) : null,
  }])),
});

// Legacy (pre-1.0) workflows: `createRun()` is synchronous and `start({ triggerData })` returns
// `{ results: { [stepId]: { status, output } } }`; the run's status is derived from its steps.
const runLegacyWorkflow = async (mastra, scenario) => {
  const workflow = mastra.legacy_getWorkflow(scenario.target);
  const { start } = workflow.createRun();
  try {
    const r = await start({ triggerData: scenario.input });
    // `__<step>_while_loop_check`-style entries are Mastra's loop bookkeeping, not user steps
    const steps = Object.fromEntries(Object.entries(r.results ?? {}).filter(([k]) => !k.startsWith('__')).map(([k, v]) => [k, {
      status: v.status, output: plain(v.output ?? null), suspendPayload: plain(v.suspendPayload ?? null),
      error: v.error ? errorText(v.error) : null,
    }]));
    const statuses = Object.values(steps).map((v) => v.status);
    const status = statuses.includes('failed') ? 'failed' : statuses.includes('suspended') ? 'suspended' : 'success';
    return { start: { status, result: null, error: null, suspended: [], steps } };
  } catch (error) {
    return { start: { status: 'error', result: null, error: errorText(error), suspended: [], steps: {} } };
  }
};

const runWorkflow = async (mastra, scenario) => {
  if (scenario.legacy) return runLegacyWorkflow(mastra, scenario);
  const workflow = mastra.getWorkflow(scenario.target);
  const run = await (workflow.createRunAsync ? workflow.createRunAsync() : workflow.createRun());
  const pending = new Map(Object.entries(scenario.events ?? {}));
  run.watch?.((event) => {
    const step = event?.payload?.currentStep;
    if (step?.status === 'waiting' && pending.has(step.id)) {
      const { event: name, data } = pending.get(step.id);
      pending.delete(step.id);
      setTimeout(() => run.sendEvent(name, data), 50);
    }
  });
  const out = {};
  try {
    out.start = workflowSummary(await run.start(await withContext(scenario, { inputData: scenario.input })));
  } catch (error) {
    out.start = { status: 'error', result: null, error: errorText(error), suspended: [], steps: {} };
    return out;
  }
  if (out.start.status === 'suspended' && scenario.resume) {
    try {
      out.resume = workflowSummary(await run.resume(await withContext(scenario, { step: scenario.resume.step ?? undefined, resumeData: scenario.resume.resumeData })));
    } catch (error) {
      out.resume = { status: 'error', result: null, error: errorText(error), suspended: [], steps: {} };
    }
  }
  return out;
};

const main = async () => {
  const started = performance.now();
  let mastra;
  try {
    ({ mastra } = await import(pathToFileURL(path.join(root, entry)).href));
    if (!mastra) throw new Error(`${entry} has no \`mastra\` export`);
  } catch (error) {
    process.stdout.write(`\n@@VERIFY@@${JSON.stringify({ loadError: String(error?.stack ?? error) })}\n`);
    return;
  }
  // Agent scorers run in the background after an answer and call the model on their own; they
  // are evaluation, not the app's behaviour (and the converter ports them separately), so off.
  for (const agent of Object.values(mastra.listAgents?.() ?? mastra.getAgents?.() ?? {})) {
    if (typeof agent?.listScorers === 'function') agent.listScorers = async () => ({});
    if (typeof agent?.getScorers === 'function') agent.getScorers = async () => ({});
  }
  const results = {};
  for (const scenario of scenarios) {
    current = { tag: scenario.name, fetch: scenario.fetch ?? [], http: [] };
    const out = { http: current.http };
    try {
      if (scenario.kind === 'agent') {
        const agent = mastra.getAgent(scenario.target);
        out.turns = [];
        for (const [i, turn] of scenario.turns.entries()) {
          current.tag = `${scenario.name}|${i}`;
          out.turns.push(await agentTurn(agent, scenario, turn, out.turns.at(-1)?.runId));
        }
      } else {
        out.workflow = await runWorkflow(mastra, scenario);
      }
    } catch (error) {
      out.error = errorText(error);
    }
    results[scenario.name] = out;
  }
  const loadMs = performance.now() - started;
  process.stdout.write(`\n@@VERIFY@@${JSON.stringify({ results, ms: loadMs })}\n`);
};

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`VERIFY RUNNER FAILED: ${error?.stack ?? error}\n`);
    process.exit(1);
  },
);
