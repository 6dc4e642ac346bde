"""`.env.example` lists every variable the settings read, so IT never has to read code."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _listed() -> set[str]:
    text = (ROOT / ".env.example").read_text()
    return set(re.findall(r"^([A-Z][A-Z0-9_]*)=", text, flags=re.MULTILINE))


def test_every_variable_read_by_the_settings_is_listed():
    source = (ROOT / "exactbridge" / "settings.py").read_text()
    read = set(re.findall(r"\b(?:env_\w+|is_set)\(\s*\"([A-Z][A-Z0-9_]*)\"", source))

    assert read, "the pattern found no variables at all"
    assert read - _listed() == set()


def test_nothing_but_the_env_module_reads_os_environ():
    offenders = [
        str(path.relative_to(ROOT))
        for folder in ("exactbridge", "intake", "cases", "matching")
        for path in (ROOT / folder).rglob("*.py")
        if "os.environ" in path.read_text() and path.name not in {"env.py", "wsgi.py", "asgi.py"}
    ]
    assert offenders == []
