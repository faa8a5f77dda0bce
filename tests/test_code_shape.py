"""The code stays easy to read: small modules, short functions, pages that only wire.

Data tables (module-level constants such as the story's steps) are not functions and do
not count; the limits are the ones docs/ARCHITECTURE.md states.
"""

from __future__ import annotations

import ast

from conftest import ROOT

MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60
PACKAGE = ROOT / "src" / "dashboard"
CODE = sorted([*PACKAGE.rglob("*.py"), *(ROOT / "pages").glob("*.py"), ROOT / "app.py"])


def test_no_module_of_the_package_is_over_the_limit():
    long = {str(p.relative_to(ROOT)): n for p in PACKAGE.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES}
    assert long == {}


def test_no_function_is_over_the_limit():
    long = {}
    for path in CODE:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                size = (node.end_lineno or node.lineno) - node.lineno + 1
                if size > MAX_FUNCTION_LINES:
                    long[f"{path.relative_to(ROOT)}:{node.name}"] = size
    assert long == {}


def test_nothing_patches_a_library_outside_compat():
    """Assigning to an attribute of streamlit, plotly or pydeck, or swapping a class, is a
    workaround: it belongs in the compat package, which pins the versions it was written for."""
    found = []
    libraries = ("streamlit", "plotly", "pydeck", "pdk", "st", "go", "PagesManager")
    for path in CODE:
        if "compat" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            targets = node.targets if isinstance(node, ast.Assign) else []
            for target in targets:
                root = target
                while isinstance(root, ast.Attribute):
                    root = root.value
                if isinstance(target, ast.Attribute) and (
                        target.attr == "__class__" or (isinstance(root, ast.Name)
                                                       and root.id in libraries)):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert found == []


def test_pages_call_no_private_helper_of_the_package():
    """Pages wire widgets to the package's public functions only."""
    found = []
    for path in [*(ROOT / "pages").glob("*.py"), ROOT / "app.py"]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not \
                    node.attr.startswith("__") and isinstance(node.value, ast.Name) and \
                    node.value.id not in ("st", "self"):
                found.append(f"{path.name}:{node.lineno}: {node.value.id}.{node.attr}")
    assert found == []


def test_no_deprecated_streamlit_argument_is_used():
    """Streamlit 1.67 documents these as deprecated (not every use logs a warning)."""
    deprecated = ("use_container_width", "experimental_", "st.cache(", "_repr_html_")
    found = [f"{path.relative_to(ROOT)}: {word}" for path in CODE
             for word in deprecated if word in path.read_text(encoding="utf-8")
             and "compat" not in path.parts]
    assert found == []
