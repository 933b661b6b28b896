import { Agent } from '@mastra/core/agent';

// A model-router string, as most Mastra apps have: pointed at a mock server through
// OPENAI_BASE_URL in the worker's environment.
export const routerAgent = new Agent({
  id: 'router-agent',
  name: 'Router Agent',
  instructions: 'You answer briefly.',
  model: 'openai/gpt-4o-mini',
});
