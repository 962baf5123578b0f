"""Views and exports of translated and aligned text."""

from .export import jsonl_records, render_jsonl, render_text

__all__ = ["jsonl_records", "render_jsonl", "render_text"]
