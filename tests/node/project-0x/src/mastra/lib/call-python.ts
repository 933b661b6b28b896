// Calls the generated (0.x-style) Python tools the way Mastra 0.x calls a tool.
import { RuntimeContext } from '@mastra/core/runtime-context';
import { pythonTools } from '../lumos-python-tools';

export async function callPythonTool(name: string, args: unknown, unit?: string) {
  const tool = (pythonTools as Record<string, any>)[name];
  return tool.execute({
    context: args,
    runtimeContext: new RuntimeContext(unit ? [['unit', unit]] : []),
    threadId: 'thread-0',
  });
}
