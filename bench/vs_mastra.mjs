// The Mastra side of bench/vs_mastra.py: the same measurements as the Lumos side, printed as one
// JSON line. Usage: node --import <tsx> bench/vs_mastra.mjs <app-root> <plan.json>
// Models reach the mock server through OPENAI_BASE_URL (honoured by @ai-sdk/openai).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [root, planFile] = process.argv.slice(2);
const plan = JSON.parse(readFileSync(planFile, 'utf8'));
const now = () => performance.now();

const { mastra } = await import(pathToFileURL(path.join(path.resolve(root), 'src', 'mastra', 'index.ts')).href);
const agent = mastra.getAgent(plan.agent);
const generate = async () => {
  const r = await agent.generate(plan.message, { maxSteps: 3 });
  if (!r.text) throw new Error(`no answer: ${JSON.stringify(r.error ?? r.finishReason)}`);
  return r.text;
};
await generate();
process.stdout.write(`FIRST ${JSON.stringify({ at: Date.now() })}\n`);

const latencies = [];
for (let i = 0; i < plan.warmup; i += 1) await generate();
for (let i = 0; i < plan.latency_runs; i += 1) {
  const t = now();
  await generate();
  latencies.push(now() - t);
}

const throughput = {};
const cpuPerGenerate = {};
const cpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
for (const concurrency of plan.concurrency) {
  const total = plan.throughput_runs * concurrency;
  let next = 0;
  const t = now();
  const c = cpuMs();
  const worker = async () => { while (next < total) { next += 1; await generate(); } };
  await Promise.all(Array.from({ length: concurrency }, worker));
  throughput[concurrency] = total / ((now() - t) / 1000);
  cpuPerGenerate[concurrency] = (cpuMs() - c) / total;
}

const workflow = mastra.getWorkflow(plan.workflow);
const runOnce = async () => {
  const run = await (workflow.createRunAsync ? workflow.createRunAsync() : workflow.createRun());
  const r = await run.start({ inputData: plan.workflow_input });
  if (r.status !== 'success') throw new Error(`workflow ${r.status}`);
};
for (let i = 0; i < plan.warmup; i += 1) await runOnce();
const tw = now();
const cw = cpuMs();
for (let i = 0; i < plan.workflow_runs; i += 1) await runOnce();
const workflowSeconds = (now() - tw) / 1000;
const workflowCpuPerRun = (cpuMs() - cw) / plan.workflow_runs;

process.stdout.write(`RESULT ${JSON.stringify({
  latencies,
  throughput,
  cpu_per_generate_ms: cpuPerGenerate,
  workflow_runs_per_s: plan.workflow_runs / workflowSeconds,
  workflow_cpu_per_run_ms: workflowCpuPerRun,
  peak_rss_mb: process.resourceUsage().maxRSS / 1024,
})}\n`);
process.exit(0);
