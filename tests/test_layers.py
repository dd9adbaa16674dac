"""Data flows one way: an app imports only apps of its own layer or below (STYLE.md, habit 16).

Plain Python over the source, every `import` and `from … import` of every
file of every app, at module level or inside a function (migrations too: the
app names in their dependencies are strings, not imports). The pure modules
(scoring, rules) import no Django and no project module but other pure ones.
"""

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ("accounts", "audit", "patients", "sessions", "measures", "review", "digests", "records", "dashboard")
# The project (settings, URLs, Celery) and the benchmark sit above every app: they import anything, no app imports them.
ABOVE = ("alliance", "bench")
RANK = {name: rank for rank, name in enumerate(LAYERS)} | dict.fromkeys(ABOVE, len(LAYERS))
PURE = ("measures.scoring", "review.rules")


def is_pure(module: str) -> bool:
    return any(module == pure or module.startswith(f"{pure}.") for pure in PURE)


def module_of(path: str) -> str:
    return path.removesuffix(".py").replace("/", ".").removesuffix(".__init__")


def imports(path: str, source: str) -> Iterator[tuple[int, str, list[str]]]:
    """(line, the statement as written, the modules it loads) for every import of the file at `path`.

    For `from pkg import a, b` the modules are pkg, then pkg.a and pkg.b (loaded when they are modules).
    """
    module = module_of(path)
    package = module if path.endswith("__init__.py") else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(source, filename=path)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, f"import {alias.name}", [alias.name]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, *([node.module] if node.module else [])])
            names = ", ".join(alias.name for alias in node.names)
            yield (
                node.lineno,
                f"from {'.' * node.level}{node.module or ''} import {names}",
                [
                    base,
                    *(f"{base}.{alias.name}" for alias in node.names),
                ],
            )
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "id", getattr(node.func, "attr", None)) in ("import_module", "__import__")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            yield node.lineno, ast.unparse(node), [node.args[0].value]


def import_problems(path: str, source: str) -> list[str]:
    """Every import of the file at `path` (relative to the project, e.g. "patients/views.py") against the order."""
    app = path.split("/")[0]
    problems = []
    for line, statement, modules in imports(path, source):
        where = f"{path}:{line}: {statement}"
        higher = {m.split(".")[0] for m in modules if RANK.get(m.split(".")[0], -1) > RANK[app]}
        if higher:
            problems.append(f"{where} ({app} may not import {', '.join(sorted(higher))}: a higher layer)")
        if is_pure(module_of(path)):
            top = modules[0].split(".")[0]
            pure = is_pure(modules[0]) or (len(modules) > 1 and all(map(is_pure, modules[1:])))
            if top == "django":
                problems.append(f"{where} (a pure module imports no Django)")
            elif top in RANK and not pure:
                problems.append(f"{where} (a pure module imports only other pure modules of the project)")
    return problems


def app_files() -> Iterator[Path]:
    for app in LAYERS:
        yield from sorted(p for p in (ROOT / app).rglob("*.py") if "__pycache__" not in p.parts)


def test_every_app_has_its_place_in_the_order():
    apps = {path.parent.name for path in ROOT.glob("*/apps.py")}
    assert apps - {"alliance"} == set(LAYERS)  # the project's own config only registers its system checks


def test_no_app_imports_a_higher_layer_and_the_pure_modules_stay_pure():
    problems = []
    for path in app_files():
        problems += import_problems(path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8"))
    assert not problems, "Imports against the order accounts → … → dashboard:\n" + "\n".join(problems)


@pytest.mark.parametrize(
    "path, source, problem",
    [
        ("patients/views.py", "from dashboard.figures import timeline_chart\n", "patients/views.py:1: from dashboard"),
        ("sessions/services.py", "def f():\n    from review import tasks\n", "sessions/services.py:2: from review"),
        ("audit/models.py", "import measures.models\n", "audit/models.py:1: import measures.models"),
        ("review/tasks.py", "import alliance.celery\n", "review/tasks.py:1: import alliance.celery (review may"),
        ("measures/views.py", "from importlib import import_module\nimport_module('review.tasks')\n", ":2: import_mod"),
        ("sessions/review_marks.py", "from review.tasks import review_patient\n", "(sessions may not import review"),
        ("measures/scoring.py", "import django\n", "measures/scoring.py:1: import django (a pure module"),
        ("review/rules/srs.py", "from django.conf import settings\n", "review/rules/srs.py:1: from django.conf"),
        ("review/rules/base.py", "from measures.models import SrsResponse\n", "only other pure modules"),
        ("review/rules/base.py", "from measures import scoring, models\n", "only other pure modules"),
    ],
)
def test_an_import_against_the_order_is_named_with_its_file_and_line(path, source, problem):
    [found] = import_problems(path, source)
    assert problem in found


@pytest.mark.parametrize(
    "path, source",
    [
        ("review/models.py", "from sessions.models import TherapySession\n"),
        ("sessions/services.py", "from .review_marks import review_request\n"),
        ("measures/patient_forms/views.py", "from ..models import SrsResponse\nfrom . import services\n"),
        ("dashboard/views/patient.py", "from .. import figures\n"),
        ("records/privacy.py", "from review.services import therapist_checklists_review\n"),
        ("review/rules/base.py", "from measures.scoring import WaiScores\nfrom decimal import Decimal\n"),
        ("review/rules/history.py", "from .base import Thresholds\nfrom measures import scoring\n"),
        ("sessions/migrations/0001_initial.py", "from django.db import migrations\ndeps = [('patients', '0001')]\n"),
    ],
)
def test_an_import_of_the_same_layer_or_below_passes(path, source):
    assert import_problems(path, source) == []
