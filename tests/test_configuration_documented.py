"""Every environment variable the settings read is documented in README.md and .env.example."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READ = re.compile(r'(?:env_(?:str|int|bool|list|json_object)\(|os\.environ\.get\()\s*"([A-Z][A-Z0-9_]+)"')


def variables_read() -> set[str]:
    return set(READ.findall((ROOT / "alliance" / "settings.py").read_text()))


def test_the_settings_read_some_variables():
    assert {"DATABASE_URL", "CELERY_BROKER_URL", "DJANGO_SECRET_KEY"} <= variables_read()


def test_every_variable_is_in_the_readme_configuration_table():
    readme = (ROOT / "README.md").read_text()
    assert sorted(name for name in variables_read() if f"| `{name}` |" not in readme) == []


def test_every_variable_is_in_env_example():
    example = (ROOT / ".env.example").read_text()
    assert sorted(name for name in variables_read() if not re.search(rf"^#? ?{name}=", example, re.M)) == []
