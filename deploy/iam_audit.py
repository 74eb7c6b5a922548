"""Which AWS actions each Lambda function's code can call: the ground truth for infra/iam.yml.

From each handler's module, follow the imports (grimp) to every module the function loads, then
keep the functions those modules can actually reach by name (so the worker-only SSM read in
bootstrap does not count for the API), and map every boto3 call in them to its IAM action
through botocore's own service models. `python -m deploy.iam_audit` prints the result.

Calls are recognised on receivers named after their client (`deps.table`, `table`, `deps.sqs`,
`deps.cognito`, `deps.ses`, `ssm()`...), the convention functions/deps.py sets; on a receiver
named `client` by an operation name only one of those services has; and as operation names in
strings (`getattr(client, "admin_get_user")`).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENTRY_MODULES = {"api": "functions.api", "worker": "functions.worker"}
# Decorators that wrap a function without registering it anywhere: they make nothing reachable.
PLAIN_DECORATORS = {"cache", "lru_cache", "cached_property", "property", "staticmethod", "classmethod", "wraps"}
# Which client a receiver's name points at; the order matters ("sqs" before "ses").
RECEIVER_HINTS = (
    ("dynamodb", "dynamodb"),
    ("table", "dynamodb"),
    ("sqs", "sqs"),
    ("queue", "sqs"),
    ("cognito", "cognito-idp"),
    ("ses", "ses"),
    ("ssm", "ssm"),
)
# TransactWriteItems is authorised per item, as the action of its kind (there is no IAM action
# of that name). Kinds come from the function that makes the call; if it names none (items built
# elsewhere), every kind counts.
TRANSACTION_KINDS = {
    "Put": "dynamodb:PutItem",
    "Update": "dynamodb:UpdateItem",
    "Delete": "dynamodb:DeleteItem",
    "ConditionCheck": "dynamodb:ConditionCheckItem",
}
# boto3 helpers that are not operations but stand for one.
HELPERS = {("dynamodb", "batch_writer"): "BatchWriteItem"}


@dataclass(frozen=True)
class Call:
    """One AWS action the code can perform, and where."""

    action: str
    where: str


def client_services(bootstrap: Path = ROOT / "functions" / "bootstrap.py") -> set[str]:
    """The AWS services functions/bootstrap.py creates clients or resources for."""
    services = set()
    for node in ast.walk(ast.parse(bootstrap.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in {"client", "resource"}
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            services.add(node.args[0].value)
    return services


@cache
def operations() -> dict[str, dict[str, str]]:
    """snake_case method -> IAM action, per service; operations that need no IAM are left out."""
    import botocore.session
    from botocore import xform_name

    session = botocore.session.get_session()
    table: dict[str, dict[str, str]] = {}
    for service in sorted(client_services()):
        model = session.get_service_model(service)
        methods = {}
        for name in model.operation_names:
            operation = model.operation_model(name)
            # Cognito's user-facing calls (sign_up, initiate_auth, ...) are authorised by tokens, not IAM.
            if operation.auth_type == "none" or "smithy.api#noAuth" in (getattr(operation, "auth", None) or []):
                continue
            methods[xform_name(name)] = f"{model.signing_name}:{name}"
        table[service] = methods
    return table


def job_modules(worker: Path = ROOT / "functions" / "worker.py") -> list[str]:
    """The modules the worker imports by name at cold start (JOB_MODULES)."""
    for node in ast.walk(ast.parse(worker.read_text(encoding="utf-8"))):
        value: ast.expr | None
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign):
            targets, value = [node.target], node.value
        else:
            continue
        is_job_modules = any(isinstance(t, ast.Name) and t.id == "JOB_MODULES" for t in targets)
        if is_job_modules and isinstance(value, ast.List | ast.Tuple):
            return [e.value for e in value.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
    return []


def loaded_modules(function: str) -> set[str]:
    """Every functions.* module the function's handler imports, directly or not."""
    import grimp

    # No on-disk cache: a stale one (seen after a merge) silently dropped the API's lazily loaded
    # areas from the graph, and with them the actions their code calls.
    graph = grimp.build_graph("functions", exclude_type_checking_imports=True, cache_dir=None)
    entries = {ENTRY_MODULES[function]} | (set(job_modules()) if function == "worker" else set())
    found = set(entries)
    for module in entries:
        found |= graph.find_upstream_modules(module)
    return found


def _module_path(module: str) -> Path:
    base = ROOT.joinpath(*module.split("."))
    return base / "__init__.py" if base.is_dir() else base.with_suffix(".py")


def _receiver_text(node: ast.expr) -> str:
    return ast.unparse(node).lower()


def _service_for(receiver: str) -> str | None:
    for hint, service in RECEIVER_HINTS:
        if re.search(rf"(^|[^a-z]){hint}", receiver):
            return service
    return None


def aws_calls(body: list[ast.stmt], where: str) -> Iterator[Call]:
    """AWS calls made directly in these statements (not inside nested definitions)."""
    kinds = _transaction_kinds(body)
    for node in _walk_shallow(body):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            # An operation called by name (`getattr(client, "admin_delete_user")(...)`).
            action = _unique_operation(node.value)
            if action:
                yield Call(action, f"{where}:{node.lineno}")
            continue
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        receiver = _receiver_text(node.func.value)
        method = node.func.attr
        if method == "get_paginator" and node.args and isinstance(node.args[0], ast.Constant):
            method = str(node.args[0].value)
        service = _service_for(receiver)
        if service in operations():
            action = operations()[service].get(method)
            if (service, method) in HELPERS:
                action = f"{service}:{HELPERS[(service, method)]}"
        elif "client" in receiver:
            # A client under another name (`client = table.meta.client`): a distinctive operation name.
            action = _unique_operation(method)
        else:
            continue  # not a client (a batch_writer's puts are counted as its BatchWriteItem)
        for each in _authorised_as(action, kinds):
            yield Call(each, f"{where}:{node.lineno}")


def _transaction_kinds(body: list[ast.stmt]) -> set[str]:
    """Transaction item kinds (`{"Put": ...}`, `{"Update": ...}`) written in these statements."""
    return {
        key.value
        for node in _walk_shallow(body)
        if isinstance(node, ast.Dict)
        for key in node.keys
        if isinstance(key, ast.Constant) and key.value in TRANSACTION_KINDS
    }


def _authorised_as(action: str | None, kinds: set[str]) -> list[str]:
    """The IAM actions AWS checks for a call: a transaction is checked item by item, by kind."""
    if action == "dynamodb:TransactGetItems":
        return ["dynamodb:GetItem"]
    if action != "dynamodb:TransactWriteItems":
        return [action] if action else []
    return sorted(TRANSACTION_KINDS[kind] for kind in kinds or TRANSACTION_KINDS)


def _unique_operation(text: str) -> str | None:
    """The action of an operation named by a string, if exactly one service has it and it needs IAM."""
    if "_" not in text:
        return None
    found = [methods[text] for methods in operations().values() if text in methods]
    return found[0] if len(found) == 1 else None


def _walk_shallow(body: list[ast.stmt]) -> Iterator[ast.AST]:
    stack: list[ast.AST] = list(body)
    while stack:
        node = stack.pop()
        yield node
        for child in ast.iter_child_nodes(node):
            if not isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                stack.append(child)


def _names_in(body: list[ast.stmt]) -> set[str]:
    names = set()
    for node in _walk_shallow(body):
        if isinstance(node, ast.Name):
            names.add(node.id)
        elif isinstance(node, ast.Attribute):
            names.add(node.attr)
        elif isinstance(node, ast.alias):
            names.add(node.asname or node.name.split(".")[-1])
    return names


@dataclass
class _Definition:
    name: str
    body: list[ast.stmt]
    where: str
    registered: bool
    calls: list[Call] = field(default_factory=list)


def _definition(node: ast.FunctionDef | ast.AsyncFunctionDef, where: str) -> _Definition:
    decorators = {ast.unparse(d).split("(")[0].split(".")[-1] for d in node.decorator_list}
    return _Definition(node.name, node.body, where, registered=bool(decorators - PLAIN_DECORATORS))


def _definitions(tree: ast.Module, where: str) -> tuple[list[ast.stmt], list[_Definition]]:
    """The module's top-level code (class bodies included) and every function definition in it."""
    top: list[ast.stmt] = []
    defs: list[_Definition] = []
    statements = list(tree.body)
    while statements:
        statement = statements.pop(0)
        if isinstance(statement, ast.ClassDef):
            statements.extend(statement.body)
        elif isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef):
            # Decorators run at import (a registration such as @job_handler(...) is live code).
            top.extend(ast.Expr(value=d) for d in statement.decorator_list)
            nested = [n for n in ast.walk(statement) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
            defs.extend(_definition(n, where) for n in nested)
        else:
            top.append(statement)
    return top, defs


def required_actions(function: str) -> dict[str, list[str]]:
    """IAM action -> the source lines that need it, for one function (`api` or `worker`)."""
    live_names: set[str] = {"handler"}
    roots: list[tuple[list[ast.stmt], str]] = []
    definitions: list[_Definition] = []
    for module in sorted(loaded_modules(function)):
        path = _module_path(module)
        where = str(path.relative_to(ROOT))
        top, defs = _definitions(ast.parse(path.read_text(encoding="utf-8")), where)
        roots.append((top, where))
        definitions.extend(defs)
    needed: dict[str, list[str]] = {}
    for body, where in roots:
        live_names |= _names_in(body)
        for call in aws_calls(body, where):
            needed.setdefault(call.action, []).append(call.where)
    pending = list(definitions)
    changed = True
    while changed:
        changed = False
        for definition in list(pending):
            if definition.registered or definition.name in live_names:
                pending.remove(definition)
                live_names |= _names_in(definition.body)
                for call in aws_calls(definition.body, definition.where):
                    needed.setdefault(call.action, []).append(call.where)
                changed = True
    return needed


def main() -> int:
    for function in ENTRY_MODULES:
        print(f"{function}:")
        for action, places in sorted(required_actions(function).items()):
            print(f"  {action:45} {', '.join(places)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
