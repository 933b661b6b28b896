// A Mastra MCPServer (@mastra/mcp 2.0.0) on Node, for lumosai's MCP client tests.
// `stdio` serves on stdin/stdout; `http` serves Streamable HTTP on 127.0.0.1 and prints `URL <url>`.
import http from 'node:http';
import { MCPServer } from '@mastra/mcp';
import { createTool } from '@mastra/core/tools';
import { z } from 'zod';

const weather = createTool({
  id: 'getWeather',
  description: 'Weather for a city',
  inputSchema: z.object({ city: z.string() }),
  outputSchema: z.object({ city: z.string(), tempC: z.number() }),
  execute: async ({ city }) => ({ city, tempC: city.length * 2 }),
});

const shout = createTool({
  id: 'shout',
  description: 'Upper-cases text',
  inputSchema: z.object({ text: z.string() }),
  execute: async ({ text }) => text.toUpperCase(),
});

const broken = createTool({
  id: 'broken',
  description: 'Always throws',
  inputSchema: z.object({}),
  execute: async () => {
    throw new Error('broken on purpose');
  },
});

// @mastra/mcp 2.0: a tool asks the client for input by suspending; its resumeSchema is the
// form the client fills in, and the tool runs again with the answer as resumeData.
const book = createTool({
  id: 'book',
  description: 'Books a table, asking how many people',
  inputSchema: z.object({ restaurant: z.string() }),
  resumeSchema: z.object({ people: z.number() }),
  execute: async ({ restaurant }, context) => {
    if (!context?.resumeData) {
      await context?.suspend?.({ message: `How many people at ${restaurant}?` });
      return undefined;
    }
    context.mcp?.log?.('info', `booked ${restaurant}`);
    return `${restaurant} for ${(context.resumeData as { people: number }).people}`;
  },
});

const server = new MCPServer({
  id: 'node-mcp',
  name: 'node-mcp',
  version: '1.2.3',
  tools: { getWeather: weather, shout, broken, book },
});

if (process.argv[2] === 'http') {
  const httpServer = http.createServer(async (req, res) => {
    await server.startHTTP({ url: new URL(req.url ?? '', 'http://127.0.0.1'), httpPath: '/mcp', req, res });
  });
  httpServer.listen(0, '127.0.0.1', () => {
    const address = httpServer.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    console.log(`URL http://127.0.0.1:${port}/mcp`);
  });
} else {
  await server.startStdio();
}
