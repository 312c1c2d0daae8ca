"""The real __main__.py under mocks: the fixture dev stack renders; bad config or a wrong account registers nothing."""

import json
import runpy

import pulumi
import pytest

from ecr_access.plan.runner import PROJECT_DIR, run_stack
from tests.helpers.stacks import base_config, by_type, caught, run_fixture


def test_dev_stack_registers_every_declared_repository_and_exports_urls_and_arns(dev_config):
    result = run_fixture("dev")
    declared = [r["name"] for r in json.loads(dev_config["ecr-access:repositories"])]
    repos = by_type(result, "aws:ecr/repository:Repository")
    assert sorted(r.inputs["name"] for r in repos) == sorted(declared)
    # The stack declares registry scanning: AWS applies it instead of the deprecated per-repository setting.
    assert all("imageScanningConfiguration" not in r.inputs for r in repos)
    assert result.outputs["repositoryUrls"]["my-repo"] == "123456789012.dkr.ecr.us-east-1.amazonaws.com/my-repo"
    assert result.outputs["repositoryArns"]["team-a/alpine"] == "arn:aws:ecr:us-east-1:123456789012:repository/team-a/alpine"
    assert result.outputs["registryId"] == "123456789012"


@pytest.mark.parametrize(
    "bad, expected",
    [
        ({"repositories": [{"name": "ok1"}, {"name": "Not OK"}]}, "ecr-access:repositories[1].name"),
        ({"repositories": [{"name": "ok1", "lifecycle": {"keepTagged": [{"count": 5}]}}]},
         "ecr-access:repositories[0].lifecycle.keepTagged[0]: a keep-tagged rule needs either tag prefixes or tag patterns"),
        ({"repositorys": []}, "ecr-access:repositorys: unknown config key"),
    ],
)
def test_bad_config_fails_before_any_resource_is_registered(bad, expected):
    errors, result = caught(lambda: runpy.run_path(str(PROJECT_DIR), run_name="__main__"), pulumi.RunError,
                            config=base_config(**bad))
    assert len(errors) == 1 and expected in str(errors[0])
    assert result.registrations == []


def test_credentials_of_another_account_are_refused_before_registration():
    with pytest.raises(pulumi.RunError) as exc:
        run_stack("dev", config=base_config(repositories=[{"name": "ok1"}]), caller_account="999999999999")
    assert 'ecr-access:accountId: the AWS credentials in use belong to account 999999999999' in str(exc.value)
    assert '(got "123456789012")' in str(exc.value)


def test_the_program_freezes_its_compiled_heap_and_the_runner_gives_it_back():
    import gc

    frozen = []
    real_freeze = gc.freeze

    def spy():
        real_freeze()
        frozen.append(gc.get_freeze_count())

    gc.freeze = spy
    try:
        result = run_fixture("dev")
    finally:
        gc.freeze = real_freeze
    assert len(frozen) == 1 and frozen[0] > 0  # the program froze its compiled heap once
    assert gc.get_freeze_count() == 0  # a process hosting many runs keeps nothing frozen
    assert by_type(result, "aws:ecr/repository:Repository")
