"""Chunking strategies, one module each, with Mastra's (``@mastra/rag`` 2.x) algorithms and
defaults so the same options cut the same chunks."""
