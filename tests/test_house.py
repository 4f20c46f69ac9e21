"""The house rules of the source tree, checked so they stay true after us."""

from __future__ import annotations

import ast
import re

from conftest import REPO

PACKAGE = REPO / "generator"
TEMPLATES = PACKAGE / "site" / "templates"


def modules() -> set[str]:
    """Every module of the package as `folder/name` (`vault/load`), `__init__` left out."""
    return {
        p.relative_to(PACKAGE).with_suffix("").as_posix()
        for p in PACKAGE.rglob("*.py")
        if p.name != "__init__.py"
    }


def test_the_design_notes_name_every_module_of_the_tree_and_no_other() -> None:
    design = (REPO / "docs" / "DESIGN.md").read_text(encoding="utf-8")
    table = design[design.index("| Layer") : design.index("\n\n", design.index("| Layer"))]
    named: set[str] = set()
    for row in table.splitlines()[2:]:
        folder_cell, listed = row.split("|")[2:4]
        folder = re.findall(r"`([\w/]+)/`", folder_cell)
        if folder:  # a stage's folder: its modules are listed in the last cell
            named |= {f"{folder[0]}/{n}" for n in re.findall(r"`(\w+)`", listed)}
        else:  # modules at the root, named with their file names
            named |= set(re.findall(r"`(\w+)\.py`", folder_cell))
    # Sub-packages are named as `commands/` inside the cli row.
    named |= {f"cli/commands/{m.rsplit('/', 1)[1]}" for m in modules() if "commands/" in m}
    assert modules() <= named, f"missing from docs/DESIGN.md: {sorted(modules() - named)}"
    folders = {m.rsplit("/", 1)[0] for m in modules() if "/" in m}
    stale = {n for n in named - modules() if n.rsplit("/", 1)[0] in folders or "/" not in n}
    assert stale <= {"cli/__init__"}, f"named but not in the tree: {sorted(stale)}"


def test_counts_are_written_with_phrases_plural_not_by_hand() -> None:
    by_hand = re.compile(r"""['"]s['"] if \w+ != -?1""")
    found = [
        f"{p.relative_to(REPO)}:{n}"
        for p in PACKAGE.rglob("*.py")
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if by_hand.search(line)
    ]
    assert found == []


def test_every_template_import_is_used() -> None:
    unused = []
    for template in TEMPLATES.glob("*.j2"):
        text = template.read_text(encoding="utf-8")
        for alias in re.findall(r"\{%\s*import\s+\S+\s+as\s+(\w+)", text):
            if f"{alias}." not in text:
                unused.append(f"{template.name}: {alias}")
    assert unused == []


def test_package_data_names_only_folders_that_exist() -> None:
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    section = pyproject[pyproject.index("[tool.setuptools.package-data]") :].split("\n\n")[0]
    for package, patterns in re.findall(r'"([\w.]+)" = \[([^\]]*)\]', section):
        folder = REPO / package.replace(".", "/")
        for pattern in re.findall(r'"([^"]+)"', patterns):
            assert list(folder.glob(pattern)), f"{package}: {pattern} matches nothing"


def test_no_two_modules_define_a_public_class_or_type_of_the_same_name() -> None:
    defined: dict[str, list[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            names = []
            if isinstance(node, ast.ClassDef):
                names = [node.name]
            elif isinstance(node, ast.Assign) and isinstance(
                node.value, (ast.BinOp, ast.Subscript)
            ):
                names = [
                    t.id for t in node.targets if isinstance(t, ast.Name) and t.id[:1].isupper()
                ]
            for name in names:
                if not name.startswith("_") and not name.isupper():
                    defined.setdefault(name, []).append(str(path.relative_to(PACKAGE)))
    assert {name: paths for name, paths in defined.items() if len(paths) > 1} == {}
