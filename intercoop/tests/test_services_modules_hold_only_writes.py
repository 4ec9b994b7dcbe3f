"""Services write, selectors read (docs/architecture.md, "Where logic lives"): every public
function of an app's services module writes, or calls a function of a services module that
does. A function that only reads belongs in the app's selectors; a rule a write must pass, in
its checks module or private to the services.

"Write" is read from the source, conservatively: a call named as one of ``WRITES`` (a row, a
transaction, an email, a task, a file), a call to a function of a services module that writes,
or a function decorated as a task. What writes through something this cannot see is in
``WRITES_UNSEEN``, with what it writes."""

from __future__ import annotations

import ast
import builtins
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]

WRITES = frozenset(
    {
        "save",
        "create",
        "bulk_create",
        "update",
        "bulk_update",
        "delete",
        "get_or_create",
        "update_or_create",
        "add",
        "remove",
        "set",
        "clear",
        "send",
        "send_email",
        "send_mail",
        "on_commit",
        "execute",
        "write_text",
        "write_bytes",
        "atomic",
    }
)

# Public functions of services modules that write through a call the source does not name as
# a write. Each says what it writes.
WRITES_UNSEEN: dict[str, str] = {}


def _modules() -> list[Path]:
    return sorted([*PACKAGE.glob("*/services.py"), *PACKAGE.glob("*/services/*.py")])


def _called_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    if isinstance(call.func, ast.Name):
        return call.func.id
    return None


def _is_task(function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    for decorator in function.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
        if "task" in name:
            return True
    return False


def _functions() -> dict[str, list[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef]]]:
    """Every top-level function of the services modules, by name: (module, definition)."""
    found: dict[str, list[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef]]] = {}
    for path in _modules():
        module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                found.setdefault(node.name, []).append((module, node))
    return found


def _calls(function: ast.FunctionDef | ast.AsyncFunctionDef) -> set[str]:
    """The names the function calls; not Python's own (``set(…)`` builds a set, it writes
    nothing), unless as a method (``relation.set(…)`` does)."""
    return {
        name
        for node in ast.walk(function)
        if isinstance(node, ast.Call)
        and (name := _called_name(node)) is not None
        and (isinstance(node.func, ast.Attribute) or not hasattr(builtins, name))
    }


def _writing() -> tuple[set[str], set[str]]:
    """The public functions of the services modules, and those of them that write."""
    functions = _functions()
    calls = {
        (module, name): _calls(node) for name, defs in functions.items() for module, node in defs
    }
    writing = {
        (module, name)
        for name, defs in functions.items()
        for module, node in defs
        if _is_task(node) or calls[module, name] & WRITES
    }
    # A call to a function of a services module that writes is a write: to a fixed point.
    # Functions are matched by name, whichever services module holds them.
    grew = True
    while grew:
        writers = {name for _module, name in writing}
        more = {key for key, called in calls.items() if key not in writing and called & writers}
        writing |= more
        grew = bool(more)
    public = {f"{module}.{name}" for (module, name) in calls if not name.startswith("_")}
    return public, {f"{module}.{name}" for (module, name) in writing} & public


def test_every_public_function_of_a_services_module_writes() -> None:
    assert _modules(), "no services module found"
    public, writing = _writing()
    assert sorted(public - writing - set(WRITES_UNSEEN)) == []


def test_the_unseen_writes_are_public_functions_that_still_need_saying() -> None:
    public, writing = _writing()
    assert sorted(set(WRITES_UNSEEN) - (public - writing)) == []


def test_a_checks_module_imports_no_services_views_or_api() -> None:
    """The checks sit beside the layers: the services import them, so they import only what
    is under the services (selectors, models), never the services or what is over them."""
    over = {"services", "views", "api", "forms"}
    for path in sorted(PACKAGE.glob("*/checks.py")):
        app = path.parent.name
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            for name in names:
                parts = name.split(".")
                assert not (parts[:2] == ["intercoop", app] and set(parts[2:3]) & over), (
                    f"{path.relative_to(PACKAGE.parent)} imports {name}"
                )
