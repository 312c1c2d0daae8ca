"""`python -m ecr_access.plan`: the human tree, the stable JSON interface, and the exit status on bad config."""

import json

from ecr_access.plan.__main__ import main
from tests.helpers.stacks import FIXTURES

DEV = ["dev", "--stack-file", str(FIXTURES / "Pulumi.dev.yaml")]


def test_json_lists_every_resource_with_parent_and_policy_documents_as_objects(capsys):
    assert main([*DEV, "--format", "json"]) == 0
    plan = json.loads(capsys.readouterr().out)
    assert plan["stack"] == "dev" and set(plan) >= {"stack", "resources", "outputs"}
    for resource in plan["resources"]:
        assert set(resource) >= {"type", "name", "parent", "inputs"}
    repo = next(r for r in plan["resources"] if r["type"] == "aws:ecr/repository:Repository" and r["name"] == "my-repo")
    assert repo["parent"] == "my-repo" and repo["inputs"]["name"] == "my-repo"
    lifecycle = next(r for r in plan["resources"] if r["type"] == "aws:ecr/lifecyclePolicy:LifecyclePolicy" and r["parent"] == "my-repo")
    assert isinstance(lifecycle["inputs"]["policy"], dict) and lifecycle["inputs"]["policy"]["rules"][0]["rulePriority"] == 1
    assert plan["outputs"]["repositoryUrls"]["my-repo"].endswith(".dkr.ecr.us-east-1.amazonaws.com/my-repo")


def test_json_is_identical_across_runs(capsys):
    main([*DEV, "--format", "json"])
    first = capsys.readouterr().out
    main([*DEV, "--format", "json"])
    assert capsys.readouterr().out == first


def test_text_shows_the_tree_with_documents_under_their_resource(capsys):
    assert main(DEV) == 0
    out = capsys.readouterr().out
    assert out.startswith("Stack ecr-access/dev: ")
    lines = out.splitlines()
    component = lines.index("  + ecr-access:ecr:EcrRepository my-repo")
    assert lines[component + 1].startswith("    + aws:ecr/")
    assert '"rulePriority": 1,' in out and "Outputs:" in out


def test_bad_config_exits_1_with_the_error_and_prints_no_plan(tmp_path, capsys):
    stack_file = tmp_path / "Pulumi.dev.yaml"
    stack_file.write_text(
        "config:\n  aws:region: us-east-1\n  ecr-access:accountId: '123456789012'\n"
        "  ecr-access:repositories:\n    - name: Bad_Name\n"
    )
    assert main(["dev", "--stack-file", str(stack_file), "--format", "json"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert 'ecr-access:repositories[0].name: is not a valid ECR repository name' in captured.err
    assert '(got "Bad_Name")' in captured.err


def test_missing_stack_file_is_a_clear_error(capsys):
    assert main(["nosuchstack"]) == 1
    assert "no stack file" in capsys.readouterr().err


def test_malformed_value_in_a_stack_file_exits_1_without_a_traceback(tmp_path, capsys):
    stack_file = tmp_path / "Pulumi.dev.yaml"
    stack_file.write_text("config:\n  aws:region: us-east-1\n  ecr-access:accountId: '123456789012'\n  ecr-access:registryPolicyScope: ''\n")
    assert main(["dev", "--stack-file", str(stack_file)]) == 1
    err = capsys.readouterr().err
    assert "ecr-access:registryPolicyScope" in err and "Traceback" not in err
