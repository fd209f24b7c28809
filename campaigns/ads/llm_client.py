"""The one way this project talks to an LLM: an OpenAI-compatible chat-completions call with a JSON schema.

Retries follow the project's one policy (`core.retry`), not the SDK's (its own retries are switched off): 429, 5xx,
timeouts and network errors are retried with exponential backoff and jitter, and a server's `Retry-After` /
`retry-after-ms` wins over the computed wait. Any other error (401, 400) is not retried.
"""

from __future__ import annotations

from dataclasses import dataclass

import openai
from django.conf import settings

from core.api_counters import note_call
from core.retry import RetryPolicy


class LlmUnavailable(Exception):
    """The server kept failing after every retry, or refused the request; the caller falls back."""


@dataclass(frozen=True)
class Completion:
    content: str
    prompt_tokens: int
    completion_tokens: int


@dataclass(frozen=True)
class LlmConfig:
    api_key: str
    base_url: str | None
    model: str
    timeout: float
    max_retries: int
    retry_base: float
    retry_max: float

    @classmethod
    def from_settings(cls) -> LlmConfig:
        return cls(
            api_key=settings.OPENAI_API_KEY,
            base_url=settings.OPENAI_BASE_URL,
            model=settings.OPENAI_MODEL,
            timeout=settings.OPENAI_TIMEOUT_SECONDS,
            max_retries=settings.OPENAI_MAX_RETRIES,
            retry_base=settings.OPENAI_RETRY_BASE_SECONDS,
            retry_max=settings.OPENAI_RETRY_MAX_SECONDS,
        )

    def retry_policy(self) -> RetryPolicy:
        return RetryPolicy(attempts=self.max_retries + 1, base_seconds=self.retry_base, max_seconds=self.retry_max)


def is_retryable(error: BaseException) -> bool:
    if isinstance(error, openai.APIConnectionError):  # includes APITimeoutError
        return True
    return isinstance(error, openai.APIStatusError) and (error.status_code == 429 or error.status_code >= 500)


class LlmClient:
    def __init__(self, config: LlmConfig | None = None):
        self.config = config or LlmConfig.from_settings()
        self._sdk = openai.OpenAI(
            api_key=self.config.api_key,
            base_url=self.config.base_url,
            timeout=self.config.timeout,
            max_retries=0,
        )

    def complete_json(
        self, messages: list[dict], schema: dict, schema_name: str, *, within_seconds: float | None = None
    ) -> Completion:
        """One structured-output completion; raises `LlmUnavailable` when every attempt failed.

        `within_seconds` (the writer's run deadline) bounds the whole call: each attempt's timeout and the retries."""
        retrying = self.config.retry_policy().retrying(is_retryable, name="LLM call", within_seconds=within_seconds)
        sdk = self._sdk
        if within_seconds is not None:
            sdk = sdk.with_options(timeout=max(0.1, min(self.config.timeout, within_seconds)))
        def attempt(**request):
            try:
                response = sdk.chat.completions.create(**request)
            except openai.APIStatusError as error:
                note_call("openai", status=error.status_code)
                raise
            except openai.OpenAIError:
                note_call("openai", failed=True)
                raise
            note_call("openai", status=200)
            return response

        try:
            response = retrying(
                attempt,
                model=self.config.model,
                messages=messages,
                response_format={
                    "type": "json_schema",
                    "json_schema": {"name": schema_name, "strict": True, "schema": schema},
                },
            )
        except openai.OpenAIError as error:
            raise LlmUnavailable(f"{type(error).__name__}: {error}") from error
        if not response.choices:
            raise LlmUnavailable("the answer has no choices")
        usage = response.usage
        return Completion(
            content=response.choices[0].message.content or "",
            prompt_tokens=usage.prompt_tokens if usage else 0,
            completion_tokens=usage.completion_tokens if usage else 0,
        )
