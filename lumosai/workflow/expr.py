"""The small expression language of declarative (``lumosai.yaml``) workflows.

Paths: ``input.x`` (the step's incoming data), ``steps.<id>.x`` (an earlier step's output),
``init.x`` (the workflow input), ``state.x``, ``context.x`` (runtime context). Segments may
contain ``-``; list items are ``items.0``.

Conditions: comparisons ``== != > >= < <= in``/``not in`` between paths and literals
(numbers, ``'text'``/``"text"``, ``true``/``false``/``null``, ``[a, b]``), combined with
``and``, ``or``, ``not`` and parentheses; a bare path tests truthiness.

Templates: ``"Plan for {{ steps.get-forecast.city }}"``; a string that is one placeholder
keeps the value's type.
"""

from __future__ import annotations

import json
import operator
import re
from collections.abc import Callable, Mapping
from typing import Any

from lumosai.workflow.errors import WorkflowDefinitionError

ROOTS = ("input", "steps", "init", "state", "context")
Scope = Callable[[str], Any]  # root name -> value
Evaluator = Callable[[Scope], Any]

_TOKEN = re.compile(
    r"""\s*(?:
        (?P<number>-?\d+(?:\.\d+)?)
      | (?P<string>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")
      | (?P<op>==|!=|>=|<=|>|<|\(|\)|\[|\]|,)
      | (?P<name>[A-Za-z_][A-Za-z0-9_\-]*(?:\.[A-Za-z0-9_\-]+)*)
    )""",
    re.VERBOSE,
)
_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq,
    "!=": operator.ne,
    ">": operator.gt,
    ">=": operator.ge,
    "<": operator.lt,
    "<=": operator.le,
}
_LITERALS = {"true": True, "false": False, "null": None, "none": None}


def read_path(value: Any, parts: list[str]) -> Any:
    """Follow ``parts`` into dicts/lists/attributes; anything missing gives None."""
    for part in parts:
        if value is None:
            return None
        if isinstance(value, Mapping):
            value = value.get(part)
        elif isinstance(value, list | tuple):
            try:
                value = value[int(part)]
            except (ValueError, IndexError):
                return None
        else:
            getter = getattr(value, "get", None)
            value = getter(part) if callable(getter) else getattr(value, part, None)
    return value


def compile_path(text: str, where: str) -> tuple[str, list[str], Evaluator]:
    """``steps.a.b`` -> (root, rest, evaluator); unknown roots fail at build time."""
    root, *rest = text.split(".")
    if root not in ROOTS:
        raise WorkflowDefinitionError(
            f"{where}: '{text}' must start with one of {', '.join(ROOTS)}"
        )
    if root == "steps" and not rest:
        raise WorkflowDefinitionError(f"{where}: 'steps' needs a step id, as in steps.<id>.field")

    def evaluate(scope: Scope) -> Any:
        return read_path(scope(root), rest)

    return root, rest, evaluate


class _Parser:
    def __init__(self, text: str, where: str) -> None:
        self.where = where
        self.text = text
        self.tokens: list[tuple[str, str]] = []
        self.step_refs: list[str] = []
        pos = 0
        while pos < len(text):
            if text[pos:].strip() == "":
                break
            match = _TOKEN.match(text, pos)
            if match is None or match.end() == pos:
                raise self.error(f"unexpected character at {text[pos : pos + 10]!r}")
            kind = match.lastgroup or ""
            self.tokens.append((kind, match.group(kind)))
            pos = match.end()
        self.index = 0

    def error(self, message: str) -> WorkflowDefinitionError:
        return WorkflowDefinitionError(f"{self.where}: bad condition {self.text!r}: {message}")

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        token = self.peek()
        if token is None:
            raise self.error("unexpected end")
        self.index += 1
        return token

    def is_word(self, word: str) -> bool:
        token = self.peek()
        return token is not None and token[0] == "name" and token[1] == word

    def parse(self) -> Evaluator:
        result = self.parse_or()
        if self.peek() is not None:
            raise self.error(f"unexpected {self.peek()[1]!r}")  # type: ignore[index]
        return result

    def parse_or(self) -> Evaluator:
        left = self.parse_and()
        while self.is_word("or"):
            self.take()
            right = self.parse_and()
            left = (lambda a, b: lambda s: bool(a(s)) or bool(b(s)))(left, right)
        return left

    def parse_and(self) -> Evaluator:
        left = self.parse_not()
        while self.is_word("and"):
            self.take()
            right = self.parse_not()
            left = (lambda a, b: lambda s: bool(a(s)) and bool(b(s)))(left, right)
        return left

    def parse_not(self) -> Evaluator:
        if self.is_word("not"):
            self.take()
            inner = self.parse_not()
            return lambda s: not inner(s)
        return self.parse_compare()

    def parse_compare(self) -> Evaluator:
        left = self.parse_value()
        token = self.peek()
        if token is not None and token[0] == "op" and token[1] in _COMPARE:
            self.take()
            right = self.parse_value()
            fn = _COMPARE[token[1]]

            def compare(s: Scope) -> bool:
                try:
                    return fn(left(s), right(s))
                except TypeError:
                    return False

            return compare
        negate = False
        if (
            self.is_word("not")
            and self.index + 1 < len(self.tokens)
            and self.tokens[self.index + 1] == ("name", "in")
        ):
            self.take()
            negate = True
        if self.is_word("in"):
            self.take()
            container = self.parse_value()

            def contains(s: Scope) -> bool:
                haystack = container(s)
                try:
                    found = haystack is not None and left(s) in haystack
                except TypeError:
                    found = False
                return not found if negate else found

            return contains
        if negate:
            raise self.error("expected 'in' after 'not'")
        return left

    def parse_value(self) -> Evaluator:
        kind, text = self.take()
        if kind == "number":
            number = float(text) if "." in text else int(text)
            return lambda s: number
        if kind == "string":
            value = json.loads(text) if text[0] == '"' else text[1:-1].replace("\\'", "'")
            return lambda s: value
        if kind == "op" and text == "(":
            inner = self.parse_or()
            if self.take() != ("op", ")"):
                raise self.error("missing ')'")
            return inner
        if kind == "op" and text == "[":
            items: list[Evaluator] = []
            while self.peek() != ("op", "]"):
                items.append(self.parse_value())
                if self.peek() == ("op", ","):
                    self.take()
            self.take()
            return lambda s: [item(s) for item in items]
        if kind == "name":
            if text.lower() in _LITERALS:
                literal = _LITERALS[text.lower()]
                return lambda s: literal
            root, rest, evaluate = compile_path(text, self.where)
            if root == "steps":
                self.step_refs.append(rest[0])
            return evaluate
        raise self.error(f"unexpected {text!r}")


def compile_condition(text: str, where: str) -> tuple[Evaluator, list[str]]:
    """Compile a condition; returns (evaluator, ids of the steps it reads)."""
    if not isinstance(text, str) or not text.strip():
        raise WorkflowDefinitionError(f"{where}: a condition must be a non-empty string")
    parser = _Parser(text, where)
    return parser.parse(), parser.step_refs


_PLACEHOLDER = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")


def compile_template(value: Any, where: str) -> tuple[Evaluator, list[str]]:
    """Compile a template (str/dict/list with ``{{ path }}``); returns (evaluator, step ids)."""
    refs: list[str] = []

    def build(node: Any) -> Evaluator:
        if isinstance(node, str):
            whole = _PLACEHOLDER.fullmatch(node.strip())
            if whole is not None:
                root, rest, evaluate = compile_path(whole.group(1), where)
                if root == "steps":
                    refs.append(rest[0])
                return evaluate
            parts: list[Any] = []
            last = 0
            for match in _PLACEHOLDER.finditer(node):
                parts.append(node[last : match.start()])
                root, rest, evaluate = compile_path(match.group(1), where)
                if root == "steps":
                    refs.append(rest[0])
                parts.append(evaluate)
                last = match.end()
            if not parts:
                return lambda s: node
            parts.append(node[last:])
            return lambda s: "".join(p if isinstance(p, str) else _text(p(s)) for p in parts)
        if isinstance(node, Mapping):
            built = {str(k): build(v) for k, v in node.items()}
            return lambda s: {k: fn(s) for k, fn in built.items()}
        if isinstance(node, list | tuple):
            items = [build(v) for v in node]
            return lambda s: [fn(s) for fn in items]
        return lambda s: node

    return build(value), refs


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, default=str)
    return str(value)
