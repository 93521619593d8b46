"""The package itself: its version is the workspace's, and the committed type stubs match the
built native module (the drift check)."""

from __future__ import annotations

import ast
import importlib.metadata
import inspect
import pathlib
import re

import pytest

import edgelite
import edgelite.aio
from edgelite import _edgelite

ROOT = pathlib.Path(__file__).resolve().parents[3]
PACKAGE = pathlib.Path(__file__).resolve().parents[1]
STUB = PACKAGE / "python" / "edgelite" / "_edgelite.pyi"

# Special methods the stubs describe (the rest every object has).
DUNDERS = {"__all__", "__getitem__", "__len__", "__iter__", "__next__", "__hash__", "__eq__", "__repr__", "__version__"}


def workspace_version() -> str:
    text = (ROOT / "Cargo.toml").read_text()
    section = text[text.index("[workspace.package]") :]
    return re.search(r'^version\s*=\s*"([^"]+)"', section, re.M).group(1)


def test_version_is_the_workspace_version():
    v = workspace_version()
    assert edgelite.version == v
    assert importlib.metadata.version("edgelite") == v
    pyproject = (PACKAGE / "pyproject.toml").read_text()
    assert re.search(r'^version\s*=\s*"([^"]+)"', pyproject, re.M).group(1) == v


def test_py_typed_is_shipped():
    assert (PACKAGE / "python" / "edgelite" / "py.typed").exists()
    assert STUB.exists()


def stub_tree() -> tuple:
    """(module-level names -> node, class name -> {member -> [function nodes]})."""
    tree = ast.parse(STUB.read_text())
    top: dict = {}
    classes: dict = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            top[node.name] = node
        elif isinstance(node, ast.AnnAssign):
            top[node.target.id] = node
        elif isinstance(node, ast.Assign):
            top[node.targets[0].id] = node
        elif isinstance(node, ast.ClassDef):
            top[node.name] = node
            members: dict = {}
            for item in node.body:
                if isinstance(item, ast.FunctionDef):
                    members.setdefault(item.name, []).append(item)
            classes[node.name] = members
    return top, classes


def public(names) -> set:
    return {n for n in names if not n.startswith("__") or n in DUNDERS}


def runtime_members(cls) -> set:
    names = public(vars(cls))
    if cls.__text_signature__ is not None:  # a constructor callable from Python
        names.add("__new__")
    return names


def stub_params(fn: ast.FunctionDef) -> list:
    """[(name, kind, default source or None)] without self/cls."""
    a = fn.args
    out = []
    positional = a.posonlyargs + a.args
    defaults = [None] * (len(positional) - len(a.defaults)) + [ast.unparse(d) for d in a.defaults]
    for i, (arg, default) in enumerate(zip(positional, defaults)):
        kind = "POSITIONAL_ONLY" if i < len(a.posonlyargs) else "POSITIONAL_OR_KEYWORD"
        out.append((arg.arg, kind, default))
    for arg, default in zip(a.kwonlyargs, a.kw_defaults):
        out.append((arg.arg, "KEYWORD_ONLY", None if default is None else ast.unparse(default)))
    if out and out[0][0] in ("self", "cls"):
        out = out[1:]
    return out


def runtime_params(text_signature: str) -> list:
    text = text_signature.replace("$self, ", "").replace("$self", "").replace("$type, ", "")
    params = inspect.signature(eval(f"lambda {text[1:-1]}: None")).parameters.values()  # noqa: S307 - our own text
    return [
        (p.name, p.kind.name, None if p.default is inspect.Parameter.empty else repr(p.default))
        for p in params
    ]


def normalize(params: list) -> list:
    # A "..." default in a text signature stands for a value pyo3 cannot print.
    return [(n, k, None if d in (None, "Ellipsis") else d.replace("'", '"')) for n, k, d in params]


def test_stub_names_match_the_native_module():
    top, classes = stub_tree()
    assert sorted(_edgelite.__all__) == sorted(ast.literal_eval(top["__all__"].value))
    runtime = public(n for n in vars(_edgelite) if n not in ("__doc__", "__file__", "__loader__", "__name__", "__package__", "__spec__"))
    assert runtime | {"_init"} == set(top) | {"_init"} and "_init" in runtime
    for name, members in classes.items():
        cls = getattr(_edgelite, name)
        assert runtime_members(cls) == set(members), name


def test_stub_signatures_match_the_native_module():
    top, classes = stub_tree()
    checked = 0
    for name, node in top.items():
        obj = getattr(_edgelite, name)
        if isinstance(node, ast.FunctionDef):
            assert normalize(stub_params(node)) == normalize(runtime_params(obj.__text_signature__)), name
            checked += 1
    for cname, members in classes.items():
        cls = getattr(_edgelite, cname)
        for mname, nodes in members.items():
            node = nodes[0]
            if mname == "__new__":
                text = cls.__text_signature__
            elif mname.startswith("__"):
                continue  # slot wrappers: their signature is Python's
            else:
                attr = vars(cls)[mname]
                text = getattr(attr, "__text_signature__", None)
                if text is None:  # a property
                    assert any(isinstance(d, ast.Name) and d.id == "property" for d in node.decorator_list), (cname, mname)
                    checked += 1
                    continue
            stub = normalize(stub_params(node))
            got = normalize(runtime_params(text))
            # pyo3 prints an unprintable default as "..."; compare names and kinds then.
            if any(d is None for _, _, d in got):
                stub = [(n, k, d if g is not None else None) for (n, k, d), (_, _, g) in zip(stub, got)]
            assert stub == got, (cname, mname)
            checked += 1
    assert checked > 50


@pytest.mark.parametrize("module", [edgelite, edgelite.aio])
def test_python_layers_are_annotated(module):
    """The Python layers carry their own annotations (py.typed): every public function has them."""
    for name in getattr(module, "__all__", []):
        obj = getattr(module, name)
        if inspect.isfunction(obj):
            assert obj.__annotations__.get("return") is not None, name
        elif inspect.isclass(obj) and obj.__module__ == module.__name__:
            for attr, fn in vars(obj).items():
                if inspect.isfunction(fn) and not attr.startswith("_"):
                    assert "return" in fn.__annotations__, f"{name}.{attr}"
