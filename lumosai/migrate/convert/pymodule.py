"""A Python module under construction: imports plus ordered code blocks.

Converters add blocks (each a complete top-level statement or definition) and the imports those
blocks need; rendering joins them. Formatting is ruff's job afterwards, so blocks need only be
valid Python, not pretty.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ImportSet:
    """`import x` and `from x import y [as z]` lines, deduplicated and sorted deterministically."""

    modules: set[str] = field(default_factory=set)
    names: dict[str, set[str]] = field(
        default_factory=dict
    )  # module -> {"name" or "name as alias"}

    def add(self, module: str, name: str | None = None, alias: str | None = None) -> None:
        if name is None:
            self.modules.add(module)
            return
        entry = f"{name} as {alias}" if alias and alias != name else name
        self.names.setdefault(module, set()).add(entry)

    def update(self, other: ImportSet) -> None:
        self.modules |= other.modules
        for module, names in other.names.items():
            self.names.setdefault(module, set()).update(names)

    def add_lines(self, lines: list[str]) -> None:
        """Accept plain import statements (as a body translator returns them)."""
        for line in lines:
            line = line.strip()
            if line.startswith("from "):
                module, _, rest = line[5:].partition(" import ")
                for item in rest.strip("()").split(","):
                    item = item.strip()
                    if not item:
                        continue
                    name, _, alias = item.partition(" as ")
                    self.add(module.strip(), name.strip(), alias.strip() or None)
            elif line.startswith("import "):
                for item in line[7:].split(","):
                    self.add(item.strip())

    def render(self) -> str:
        lines = [f"import {m}" for m in sorted(self.modules)]
        for module in sorted(self.names):
            names = ", ".join(sorted(self.names[module]))
            lines.append(f"from {module} import {names}")
        return "\n".join(lines)


@dataclass
class PyModule:
    """One generated `.py` file."""

    path: str  # posix path relative to OUT
    docstring: str = ""
    imports: ImportSet = field(default_factory=ImportSet)
    blocks: list[str] = field(default_factory=list)
    header: str = ""  # comment lines at the very top

    @property
    def dotted(self) -> str:
        parts = self.path[:-3].split("/")
        if parts[-1] == "__init__":
            parts = parts[:-1]
        return ".".join(parts)

    def add(self, block: str) -> None:
        self.blocks.append(block.strip("\n"))

    def render(self) -> str:
        out: list[str] = []
        if self.header:
            out.append(self.header.rstrip("\n"))
        if self.docstring:
            out.append('"""' + self.docstring.replace('"""', '\\"\\"\\"').strip() + '"""')
        imports = self.imports.render()
        if imports:
            out.append(imports)
        out.extend(self.blocks)
        return "\n\n\n".join(out) + "\n"
