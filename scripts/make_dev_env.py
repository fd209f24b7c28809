"""Write a development `.env` from `.env.example`: debug on, fresh secret and encryption keys.

Used by `make` on first setup so the demo runs with no manual step; it never overwrites an existing file.
"""

import secrets
import sys
from pathlib import Path

from cryptography.fernet import Fernet

GENERATED = {
    "DJANGO_DEBUG": "true",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "FIELD_ENCRYPTION_KEY": Fernet.generate_key().decode(),
}


def main(template: str, target: str) -> None:
    target_path = Path(target)
    if target_path.exists():
        return
    lines = []
    for line in Path(template).read_text(encoding="utf-8").splitlines():
        name = line.split("=", 1)[0]
        lines.append(f"{name}={GENERATED[name]}" if "=" in line and name in GENERATED else line)
    target_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {target} (development settings: DJANGO_DEBUG=true, fresh keys)")


if __name__ == "__main__":
    main(*sys.argv[1:3])
