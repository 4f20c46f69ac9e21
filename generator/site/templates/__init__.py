"""Kith's built-in Jinja2 templates (a package so that installs carry them)."""
