"""Secrets (`secure:` values) in a stack file, offline: one the documents do not need stays `[secret]` and secret; one
they need is refused with its key and the way to plan anyway (`python -m ecr_access.plan STACK --config KEY=VALUE`)."""

from __future__ import annotations

import json

import pulumi
import pytest
from pulumi.runtime.config import is_config_secret

from ecr_access.plan.__main__ import SECRETS_NEEDED, main
from ecr_access.plan.stack_file import SECRET_PLACEHOLDER, read_stack_file
from tests.helpers.stacks import FIXTURES, REGISTRY, register

CIPHER = "{secure: v1:9vZcRwE2bLk=:v1:abcdEFGH:QWERTYuiop}"
FIXTURE = (FIXTURES / "Pulumi.dev.yaml").read_text()


def stack_file(tmp_path, text: str):
    path = tmp_path / "Pulumi.dev.yaml"
    path.write_text(text)
    return path


def with_secret(key: str, old_line: str | None = None) -> str:
    """The fixture dev stack with `key` set by `pulumi config set --secret` (replacing `old_line` if given)."""
    text = FIXTURE.replace(old_line + "\n", "") if old_line else FIXTURE
    return text.replace("config:\n", f"config:\n  {key}: {CIPHER}\n", 1)


def test_a_secret_the_documents_do_not_need_plans_as_secret(tmp_path, capsys):
    path = stack_file(tmp_path, with_secret("aws:secretKey") + "  other:token:\n    nested: {secure: v1:abc}\n")
    assert main(["dev", "--stack-file", str(path), "--format", "json"]) == 0
    plan = json.loads(capsys.readouterr().out)
    assert plan["outputs"]["registryId"] == REGISTRY.account
    loaded = read_stack_file(path)
    assert loaded.values["aws:secretKey"] == SECRET_PLACEHOLDER
    assert json.loads(loaded.values["other:token"]) == {"nested": SECRET_PLACEHOLDER}
    assert loaded.secret_keys == ["aws:secretKey", "other:token"]


def test_the_runtime_marks_the_secret_keys_secret_as_the_cli_does(tmp_path):
    loaded = read_stack_file(stack_file(tmp_path, with_secret("other:token")))
    seen = {}

    def body():
        seen["secret"] = is_config_secret("other:token")
        seen["plain"] = is_config_secret("aws:region")
        pulumi.export("token", pulumi.Config("other").get_secret("token"))

    result = register(body, config=loaded.offline_config("dev"), secret_keys=loaded.secret_keys)
    assert seen == {"secret": True, "plain": False}
    assert result.outputs["token"] == SECRET_PLACEHOLDER


@pytest.mark.parametrize("key, old_line, where", [
    ("ecr-access:accountId", '  ecr-access:accountId: "123456789012"', "ecr-access:accountId: is a secret (secure:), which"),
    ("ecr-access:maxManagedPoliciesPerPrincipal", "  ecr-access:maxManagedPoliciesPerPrincipal: 10",
     "ecr-access:maxManagedPoliciesPerPrincipal: is a secret (secure:), which"),
])
def test_a_secret_the_documents_need_is_refused_with_the_way_to_plan_offline(key, old_line, where, tmp_path, capsys):
    path = stack_file(tmp_path, with_secret(key, old_line))
    assert main(["dev", "--stack-file", str(path)]) == SECRETS_NEEDED
    out = capsys.readouterr()
    assert out.out == ""
    (line,) = out.err.splitlines()
    assert line.startswith(f"error: {path}:5:") and where in line
    assert f'python -m ecr_access.plan dev --config "{key}=$(pulumi config get {key} --stack dev)"' in line
    assert "structured value" not in line and "Traceback" not in line


def test_a_secret_inside_structured_config_names_its_path_and_key(tmp_path, capsys):
    text = FIXTURE.replace("        team: platform\n", "        team: {secure: v1:abc}\n", 1)
    assert main(["dev", "--stack-file", str(stack_file(tmp_path, text))]) == SECRETS_NEEDED
    err = capsys.readouterr().err
    assert "ecr-access:repositories[0].tags.team: is a secret (secure:) inside ecr-access:repositories," in err
    assert "--config ecr-access:repositories=VALUE" in err


def test_config_overrides_plan_a_stack_whose_needed_secrets_cannot_be_decrypted(tmp_path, capsys):
    path = stack_file(tmp_path, with_secret("ecr-access:accountId", '  ecr-access:accountId: "123456789012"'))
    assert main(["dev", "--stack-file", str(path)]) == SECRETS_NEEDED
    capsys.readouterr()
    for override in (f"ecr-access:accountId={REGISTRY.account}", f"accountId={REGISTRY.account}"):
        assert main(["dev", "--stack-file", str(path), "--format", "json", "--config", override]) == 0
        assert json.loads(capsys.readouterr().out)["outputs"]["registryId"] == REGISTRY.account


def test_a_config_override_without_a_value_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["dev", "--config", "ecr-access:accountId"])
    assert exc.value.code == 2 and "expected KEY=VALUE" in capsys.readouterr().err


def test_an_unknown_secret_key_is_refused_as_unknown_before_any_secret_advice(tmp_path, capsys):
    path = stack_file(tmp_path, with_secret("ecr-access:notes"))
    assert main(["dev", "--stack-file", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.splitlines()[1].strip() == "ecr-access:notes: unknown config key; did you mean ecr-access:roles?"
    assert "--config" not in err and "secure:" not in err


def test_the_plan_config_variable_gives_values_to_every_stack_or_to_one(tmp_path, monkeypatch, capsys):
    path = stack_file(tmp_path, with_secret("ecr-access:accountId", '  ecr-access:accountId: "123456789012"'))
    plan = ["dev", "--stack-file", str(path), "--format", "json"]
    monkeypatch.setenv("ECR_ACCESS_PLAN_CONFIG", "prod/ecr-access:accountId=345678901234")
    assert main(plan) == SECRETS_NEEDED
    for given in (f"dev/ecr-access:accountId={REGISTRY.account}", f"accountId={REGISTRY.account}"):
        monkeypatch.setenv("ECR_ACCESS_PLAN_CONFIG", given)
        capsys.readouterr()
        assert main(plan) == 0
        assert json.loads(capsys.readouterr().out)["outputs"]["registryId"] == REGISTRY.account
    monkeypatch.setenv("ECR_ACCESS_PLAN_CONFIG", "accountId")
    assert main(plan) == 1
    assert "ECR_ACCESS_PLAN_CONFIG: expected KEY=VALUE or STACK/KEY=VALUE, got 'accountId'" in capsys.readouterr().err
