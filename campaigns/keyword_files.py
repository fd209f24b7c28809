"""Keyword files from strangers are read in a child process with a memory and CPU cap, never in the caller's.

Why a child process and not the worker: the chat answers "N keywords accepted" right after the upload, and that
number is only honest if the file has been read. Deferring the read to the collect stage would accept any file and
fail the build minutes later, when the user has left the conversation. The child keeps the answer immediate while
the bot's (or the worker's) own memory is out of reach: `RLIMIT_AS` caps the child's address space, so a file
that gets past the reader's own checks (`semantic.sources.files`) ends in a MemoryError in the child, reported as
a refusal that names the limit, instead of a bot grown by gigabytes.

The child is this module run with `python -m`: it configures only what gettext needs (no project settings, no
database) so it starts fast and translates its refusals into the caller's language.
"""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from semantic.errors import KeywordFileError
from semantic.sources.files import KeywordFileLimits
from semantic.types import Phrase

MB = 2**20
# The exit code of a child that ran out of memory before it could say so (Python's own MemoryError is caught).
OUT_OF_MEMORY = 3


def keyword_file_limits() -> KeywordFileLimits:
    return KeywordFileLimits(max_bytes=settings.KEYWORD_FILE_MAX_BYTES, max_rows=settings.KEYWORD_FILE_MAX_ROWS)


@dataclasses.dataclass(frozen=True)
class ReadResult:
    phrases: list[Phrase]
    # The child's peak resident memory, for tests and logs.
    peak_rss_bytes: int


def read_keyword_file_isolated(content: bytes, filename: str, limits: KeywordFileLimits | None = None) -> ReadResult:
    """The phrases of a keyword file, read in a capped child process; raises KeywordFileError naming the limit."""
    limits = limits or keyword_file_limits()
    if len(content) > limits.max_bytes:  # refused here, without starting a process for it
        raise KeywordFileError(
            _("The file is %(size)s MB; the limit is %(limit)s MB.")
            % {"size": round(len(content) / MB, 1), "limit": round(limits.max_bytes / MB, 1)}
        )
    answer = run_reader_child(content, filename, limits)
    if "error" in answer:
        raise KeywordFileError(answer["error"], row=answer.get("row"), column=answer.get("column"))
    phrases = [Phrase(text=text, frequency=freq, exact_frequency=exact) for text, freq, exact in answer["phrases"]]
    return ReadResult(phrases=phrases, peak_rss_bytes=answer["peak_rss_bytes"])


def run_reader_child(content: bytes, filename: str, limits: KeywordFileLimits) -> dict:
    """The child's answer: {"phrases": […]} or {"error": message, "row", "column"}, with its "peak_rss_bytes"."""
    memory_mb = settings.KEYWORD_FILE_PARSE_MEMORY_MB
    seconds = settings.KEYWORD_FILE_PARSE_SECONDS
    arguments = json.dumps(
        {
            "filename": filename,
            "language": translation.get_language() or settings.LANGUAGE_CODE,
            "limits": dataclasses.asdict(limits),
            "memory_bytes": memory_mb * MB,
            "cpu_seconds": seconds,
        }
    )
    try:
        child = subprocess.run(
            [sys.executable, "-m", __name__, arguments],
            input=content,
            capture_output=True,
            timeout=seconds + 5,
            cwd=Path(__file__).resolve().parents[1],  # the project root, where `python -m` finds this module
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise KeywordFileError(
            _("Reading the file took longer than %(limit)d seconds; send a smaller file.") % {"limit": seconds}
        ) from None
    if child.returncode != 0 or not child.stdout:
        # Killed by the CPU limit (SIGXCPU) or out of memory before Python could report it (the reader's own
        # errors, XML ones included, come back as an answer with the real reason).
        raise KeywordFileError(
            _("The file needs more than %(memory)d MB or %(seconds)d seconds to read; send a smaller file.")
            % {"memory": memory_mb, "seconds": seconds}
        )
    return json.loads(child.stdout)


def _child_main(arguments: dict) -> dict:
    """Runs in the child: caps itself first, then reads stdin with the plain reader."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (arguments["memory_bytes"], arguments["memory_bytes"]))
    resource.setrlimit(resource.RLIMIT_CPU, (arguments["cpu_seconds"], arguments["cpu_seconds"] + 1))
    import django

    settings.configure(USE_I18N=True, LANGUAGE_CODE=arguments["language"], INSTALLED_APPS=["semantic"])
    django.setup()
    translation.activate(arguments["language"])
    from semantic.sources.files import read_keyword_file

    content = sys.stdin.buffer.read()
    limits = KeywordFileLimits(**arguments["limits"])
    try:
        phrases = read_keyword_file(content, arguments["filename"], limits)
        answer: dict = {"phrases": [[p.text, p.frequency, p.exact_frequency] for p in phrases]}
    except KeywordFileError as error:
        answer = {"error": str(error), "row": error.row, "column": error.column}
    except MemoryError:
        del content
        answer = {
            "error": _("The file needs more than %(memory)d MB to read; send a smaller file.")
            % {"memory": arguments["memory_bytes"] // MB}
        }
    answer["peak_rss_bytes"] = _peak_rss_bytes()
    return answer


def _peak_rss_bytes() -> int:
    """The child's own high-water mark (VmHWM). getrusage's ru_maxrss would not do: Linux carries it over exec
    from the forking parent, so a child of a big process would report the parent's peak."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return 0


if __name__ == "__main__":
    try:
        sys.stdout.write(json.dumps(_child_main(json.loads(sys.argv[1])), ensure_ascii=False))
    except MemoryError:
        sys.exit(OUT_OF_MEMORY)
