// Mastra's MCPClient (@mastra/mcp 2.0.0) talking to lumosai's Python MCPServer.
// argv: <python> <server script> ; prints one JSON line: tool names and two call results.
import { MCPClient } from '@mastra/mcp';

const [python, script] = process.argv.slice(2);
const mcp = new MCPClient({
  id: 'py-check',
  servers: {
    py: {
      command: python,
      args: [script, 'stdio'],
      // @mastra/mcp 2.0 answers a server's input requests with `inputRequests`
      inputRequests: async ({ params }: { params: { message: string } }) => ({
        action: 'accept',
        content: { people: params.message.length },
      }),
    },
  },
  timeout: 30000,
});
const tools = await mcp.listTools();
const add = await tools.py_add.execute({ a: 2, b: 5 }, {} as never);
const ask = await tools.py_ask_helper.execute({ message: 'hi' }, {} as never);
const sum = await tools.py_sum.execute({ a: 1, b: 1 }, {} as never);
const book = await tools.py_book.execute({ restaurant: 'Py' }, {} as never);
console.log('RESULT ' + JSON.stringify({ names: Object.keys(tools).sort(), add, ask, sum, book }));
await mcp.disconnect();
