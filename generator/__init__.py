"""Kith: a personal networking knowledge base built from Markdown contacts."""

__version__ = "0.1.0"
