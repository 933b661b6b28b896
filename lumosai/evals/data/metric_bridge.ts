// Runs a Mastra 0.x custom metric (`class X extends Metric`) of the TypeScript project for
// lumosai.evals.bridge.ts_metric: Python cannot `new` a class through the bridge's `call`.
import { pathToFileURL } from 'node:url';

export async function measureMetric(
  file: string,
  name: string,
  args: unknown[],
  input: unknown,
  output: unknown,
): Promise<unknown> {
  const mod = await import(pathToFileURL(file).href);
  const MetricClass = mod[name];
  if (typeof MetricClass !== 'function') throw new Error(`${file} exports no class ${name}`);
  const metric = new MetricClass(...args);
  return await metric.measure(input, output);
}
