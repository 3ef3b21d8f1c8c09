"""Curator tools: draft candidate facts for a new article, and measure what a fact base quotes."""
