"""Nothing lost: protect on non-dev stacks, no forceDelete, retainOnDelete, and renames marked as replacements."""

from __future__ import annotations

import pytest

from ecr_access.config.errors import ConfigError
from ecr_access.config.stack import load_stack_config
from ecr_access.plan.render import to_json_object, to_text
from ecr_access.plan.runner import run_stack
from ecr_access.stack.config_source import decode_config
from tests.helpers.stacks import base_config, by_type

REPO = "aws:ecr/repository:Repository"


def repo_options(stack: str, **config):
    plan = to_json_object(run_stack(stack, config=base_config(**config)))
    return {r["name"]: r["options"] for r in plan["resources"] if r["type"] == REPO}


@pytest.mark.parametrize("stack, protect", [("prod", True), ("staging", True), ("dev", False), ("dev-alice", False)])
def test_repositories_are_protected_on_every_stack_but_dev_and_never_force_deleted(stack, protect):
    result = run_stack(stack, config=base_config(repositories=[{"name": "app"}]))
    (repo,) = by_type(result, REPO)
    assert repo.protect is protect
    assert repo.inputs["forceDelete"] is False
    assert repo.retain_on_delete is False


def test_retain_on_delete_per_entry_and_as_stack_default():
    opts = repo_options("prod", repositories=[{"name": "aa", "retainOnDelete": True}, {"name": "bb"}])
    assert (opts["aa"]["retainOnDelete"], opts["bb"]["retainOnDelete"]) == (True, False)
    opts = repo_options("prod", retainOnDelete="true", repositories=[{"name": "aa"}, {"name": "bb", "retainOnDelete": False}])
    assert (opts["aa"]["retainOnDelete"], opts["bb"]["retainOnDelete"]) == (True, False)


def test_unrenamed_repositories_replace_nothing():
    assert repo_options("prod", repositories=[{"name": "aa"}])["aa"]["replaces"] == []


def test_confirmed_rename_on_a_protected_stack_is_marked_as_a_replacement_and_keeps_the_old_repository():
    config = base_config(repositories=[{"name": "new-repo", "renamedFrom": "old-repo", "allowReplace": True}])
    result = run_stack("prod", config=config)
    plan = to_json_object(result)
    (repo,) = [r for r in plan["resources"] if r["type"] == REPO]
    assert repo["options"]["replaces"] == ["old-repo"]
    # The engine refuses to replace a protected resource; the old repository is retained in AWS, not deleted.
    assert (repo["options"]["protect"], repo["options"]["retainOnDelete"]) == (False, True)
    assert repo["options"]["aliases"] == [
        "urn:pulumi:prod::ecr-access::ecr-access:ecr:EcrRepository$aws:ecr/repository:Repository::old-repo"]
    line = next(line for line in to_text(result).splitlines() if f"{REPO} new-repo" in line)
    assert line.strip() == f"+ {REPO} new-repo  [retain, REPLACES old-repo (renamed; new repository, old one kept)]"


def test_rename_on_an_unprotected_stack_needs_no_confirmation_but_is_still_marked():
    opts = repo_options("dev", repositories=[{"name": "new-repo", "renamedFrom": "old-repo"}])
    assert opts["new-repo"]["replaces"] == ["old-repo"]
    assert (opts["new-repo"]["protect"], opts["new-repo"]["retainOnDelete"]) == (False, True)


def _error(stack: str, repositories) -> str:
    with pytest.raises(ConfigError) as exc:
        load_stack_config(decode_config(base_config(repositories=repositories)), project="ecr-access", stack=stack)
    return str(exc.value)


def test_rename_of_a_protected_repository_is_refused_without_allow_replace():
    message = _error("prod", [{"name": "new-repo", "renamedFrom": "old-repo"}])
    assert "ecr-access:repositories[0].renamedFrom: renaming to 'new-repo' replaces the repository in AWS" in message
    assert "set allowReplace: true on the entry to confirm" in message and '(got "old-repo")' in message
    # A repository unprotected by its own entry may be renamed on any stack.
    load_stack_config(decode_config(base_config(repositories=[{"name": "nn", "renamedFrom": "oo", "protect": False}])),
                      project="ecr-access", stack="prod")


@pytest.mark.parametrize(
    "repositories, expected",
    [
        ([{"name": "aa", "allowReplace": True}], "ecr-access:repositories[0].allowReplace: allows nothing without renamedFrom"),
        ([{"name": "aa", "renamedFrom": "aa"}], "ecr-access:repositories[0].renamedFrom: is the repository's own name"),
        ([{"name": "aa"}, {"name": "bb", "renamedFrom": "aa"}],
         'ecr-access:repositories[1].renamedFrom: is still declared at ecr-access:repositories[0]; rename it in one entry (got "aa")'),
        ([{"name": "aa", "renamedFrom": "xx"}, {"name": "bb", "renamedFrom": "xx"}],
         'ecr-access:repositories[1].renamedFrom: is already claimed by ecr-access:repositories[0].renamedFrom (got "xx")'),
        ([{"name": "aa", "renamedFrom": "Old"}], "ecr-access:repositories[0].renamedFrom: is not a valid ECR repository name"),
    ],
)
def test_bad_renames(repositories, expected):
    assert expected in _error("dev", repositories)
