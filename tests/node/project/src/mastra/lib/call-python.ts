// Calls the generated Python tools directly (without an agent), as a Mastra app would.
import { RequestContext } from '@mastra/core/request-context';
import { pythonTools } from '../lumos-python-tools';

export async function callPythonTool(name: string, args: unknown, unit?: string) {
  const tool = (pythonTools as Record<string, any>)[name];
  if (!tool) throw new Error(`no python tool ${name}`);
  return tool.execute(args, {
    requestContext: new RequestContext(unit ? [['unit', unit]] : []),
    agent: { agentId: 'direct', threadId: 'thread-1', toolCallId: 'call-9', messages: [], suspend: async () => {} },
  });
}
