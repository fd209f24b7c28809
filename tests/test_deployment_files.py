"""The compose file and Dockerfile cannot run here (no Docker engine), so check what can be checked:
they parse, and every command they start exists in this project."""

import shlex
from pathlib import Path

import pytest
import yaml
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[1]
APP_ROLES = ("web", "bot", "worker", "beat")


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def commands_of(service: dict) -> list[list[str]]:
    command = service["command"]
    if command.startswith("sh -c "):
        return [shlex.split(part) for part in shlex.split(command)[2].split("&&")]
    return [shlex.split(command)]


def test_it_runs_the_four_roles_from_one_image_beside_postgres_and_redis(compose):
    services = compose["services"]
    assert set(services) == {"postgres", "redis", *APP_ROLES}
    assert {services[role]["image"] for role in APP_ROLES} == {"directhelper:latest"}
    assert all(services[role]["env_file"] == ".env" for role in APP_ROLES)
    for name in ("postgres", "redis", "web", "worker"):
        assert "healthcheck" in services[name], name


def test_every_command_it_starts_exists(compose):
    management_commands = get_commands()
    for role in APP_ROLES:
        for argv in commands_of(compose["services"][role]):
            if argv[:2] == ["python", "manage.py"]:
                assert argv[2] in management_commands, f"{role}: manage.py {argv[2]} does not exist"
            elif argv[0] == "gunicorn":
                module, attribute = argv[1].split(":")
                assert (ROOT / (module.replace(".", "/") + ".py")).exists()
                assert attribute == "application"
            elif argv[0] == "celery":
                assert argv[1:3] == ["-A", "directhelper"]
                assert argv[3] in ("worker", "beat")
            else:
                pytest.fail(f"{role}: unexpected command {argv}")


def test_the_web_health_check_calls_healthz(compose):
    assert "/healthz" in " ".join(compose["services"]["web"]["healthcheck"]["test"])


def test_the_image_installs_the_pinned_requirements_with_the_embeddings_extra_and_runs_as_a_non_root_user():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "FROM python:3.11" in dockerfile
    assert "-r requirements-embeddings.txt" in dockerfile
    assert "-r requirements.txt" in (ROOT / "requirements-embeddings.txt").read_text()
    copied = dockerfile.index("COPY requirements.txt requirements-embeddings.txt")
    assert copied < dockerfile.index("COPY . .")  # dependency layer is cached
    assert "\nUSER app\n" in dockerfile


def test_the_default_install_leaves_torch_to_the_optional_extra():
    def pinned(name):
        lines = (ROOT / name).read_text().splitlines()
        return {line.split("==")[0].lower() for line in lines if "==" in line and not line.startswith("#")}

    assert {"torch", "sentence-transformers"} & pinned("requirements.txt") == set()
    assert {"torch", "sentence-transformers"} <= pinned("requirements-embeddings.txt")
    assert "-r requirements-embeddings.txt" in (ROOT / "requirements-dev.txt").read_text()  # CI tests the extra


def test_migrate_alone_sets_the_database_up():
    assert "createcachetable" not in (ROOT / "Makefile").read_text()
    assert "createcachetable" not in (ROOT / "docker-compose.yml").read_text()


def dockerignored(path: str, patterns: list[str]) -> bool:
    """Docker's rule: the last matching line wins, `!` re-includes; a directory pattern covers what is inside."""
    from fnmatch import fnmatch

    ignored = False
    for pattern in patterns:
        negated = pattern.startswith("!")
        body = pattern.lstrip("!").rstrip("/").removeprefix("**/")
        parts = path.split("/")
        prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
        if any(fnmatch(prefix, body) or fnmatch(part, body) for prefix, part in zip(prefixes, parts, strict=True)):
            ignored = not negated
    return ignored


@pytest.mark.parametrize(
    "path",
    [".env", ".env.production", "db.sqlite3", "media/keyword-files/k.csv", "var/celery-broker/q", "exports/c.xlsx",
     ".venv/bin/python", ".git/config", "artifacts/run.log"],
)
def test_the_image_never_receives_secrets_or_local_data(path):
    lines = (ROOT / ".dockerignore").read_text().splitlines()
    patterns = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    assert dockerignored(path, patterns)


@pytest.mark.parametrize("path", [".env.example", "manage.py", "campaigns/models.py", "requirements.txt"])
def test_the_image_still_receives_the_code(path):
    lines = (ROOT / ".dockerignore").read_text().splitlines()
    patterns = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    assert not dockerignored(path, patterns)
