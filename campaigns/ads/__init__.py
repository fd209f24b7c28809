"""Ad writing: the template writer (default, offline), the LLM writer, and Direct's validator and repairer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings

if TYPE_CHECKING:
    from campaigns.ads.writer import AdWriter


def get_writer() -> AdWriter:
    """The LLM writer when an OpenAI-compatible key is configured, otherwise the template writer."""
    if settings.OPENAI_API_KEY:
        from campaigns.ads.llm_writer import LlmWriter

        return LlmWriter()
    from campaigns.ads.template_writer import TemplateWriter

    return TemplateWriter()
