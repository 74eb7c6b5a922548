"""Wraps user text as data for a model: a per-text tag, with look-alike delimiters neutralised."""

from __future__ import annotations

import hashlib
import re

# Anything that could pass for our tags, or for a chat-role marker, in the user's text.
LOOKALIKE = re.compile(
    r"<\s*/?\s*(?:submission|brief|material|user[-_ ]?text|system|assistant)[^>]{0,40}>|<<<|>>>", re.I
)


def neutralise(text: str) -> str:
    """Replace delimiter look-alikes so the text cannot close or reopen its own frame."""
    return LOOKALIKE.sub(lambda m: m.group(0).replace("<", "‹").replace(">", "›"), text)


def wrap(label: str, text: str) -> str:
    """`<label-abc123> ... </label-abc123>`; the tag derives from the text, so the text cannot contain it."""
    tag = f"{label}-{hashlib.sha256(text.encode('utf-8')).hexdigest()[:12]}"
    return f"<{tag}>\n{neutralise(text)}\n</{tag}>"
