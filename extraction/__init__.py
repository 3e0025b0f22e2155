"""From documents to proposed graph facts: each with its quote, its offsets in the text, a
confidence and the rule that found it. Rules over lexicons (``extraction/lexicon/``), with
jieba for Chinese words; nothing is downloaded at run time. See ``extract_text``."""

from __future__ import annotations

from extraction.documents import Document, UnreadableDocument, read_document
from extraction.extract import Extraction, extract_document, extract_text
from extraction.proposals import Proposal

__all__ = [
    "Document",
    "Extraction",
    "Proposal",
    "UnreadableDocument",
    "extract_document",
    "extract_text",
    "read_document",
]
