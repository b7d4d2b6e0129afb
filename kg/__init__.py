"""kg: a knowledge-graph builder for news and policy texts about AI and semiconductors."""

__version__ = "0.1.0"
