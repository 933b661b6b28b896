// Mastra's completeness elements (extractElements of @mastra/evals 1.10, with compromise)
// for each sentence on stdin; prints `RESULT <json>`.
import nlp from 'compromise';
import { readFileSync } from 'node:fs';

const sentences: string[] = JSON.parse(readFileSync(0, 'utf8'));
const normalize = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
const words = (t: string) =>
  normalize(t)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(/\s+/)
    .filter((w) => w.length > 0);
const elements = sentences.map((text) => {
  const doc = nlp(text.trim());
  const nouns = doc.nouns().out('array') as string[];
  const verbs = doc.verbs().toInfinitive().out('array') as string[];
  const topics = doc.topics().out('array') as string[];
  const terms = doc.terms().out('array') as string[];
  return [...new Set([...nouns, ...verbs, ...topics, ...terms].flatMap(words))];
});
console.log('RESULT ' + JSON.stringify(elements));
