import { Agent } from '@mastra/core/agent';
import { addTool } from '../tools/add-tool';

// The model is an OpenAI-compatible endpoint; tests pass the mock server's URL in the
// request context (`llmUrl`), so one worker can serve many mock servers.
export const calcAgent = new Agent({
  id: 'calc-agent',
  name: 'Calc Agent',
  instructions: 'You add numbers. Use the add tool.',
  model: ({ requestContext }) => ({
    id: 'openai/mock-model',
    url: (requestContext.get('llmUrl') as string | undefined) ?? process.env.LUMOS_MOCK_LLM_URL,
    apiKey: 'test-key',
  }),
  tools: { add: addTool },
});
