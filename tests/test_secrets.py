"""An access key's secret exists only as a Pulumi secret: masked in outputs and component state, absent from the plan."""

from __future__ import annotations

import json

from ecr_access.plan.mocks import SECRET_PLACEHOLDER
from ecr_access.plan.render import to_json_object, to_text
from ecr_access.plan.runner import run_stack

# What the mocks answer as the key's secret (plan/mocks.py): it must never surface in plain text.
PLAIN = "mock-secret-for-ecrUser-access-key"
USER_URN = "urn:pulumi:dev::ecr-access::ecr-access:iam:RepoAccessUser::ecrUser"


def dev_with_access_key(dev_config):
    users = json.loads(dev_config["ecr-access:users"])
    users[0] = {**users[0], "accessKey": {"enabled": True}}
    assert users[0]["name"] == "ecrUser"
    return run_stack("dev", config={**dev_config, "ecr-access:users": json.dumps(users)})


def test_access_key_secret_is_a_pulumi_secret_in_outputs_and_state(dev_config):
    result = dev_with_access_key(dev_config)
    (key,) = [r for r in result.registrations if r.type == "aws:iam/accessKey:AccessKey"]
    assert key.inputs == {"user": "ecrUser"}
    assert result.outputs["accessKeySecrets"] == SECRET_PLACEHOLDER
    assert result.outputs["accessKeyIds"] == {"ecrUser": "AKIAOFFLINEPLAN0000"}
    state = result.component_outputs[USER_URN]
    assert state["access_key_secret"] == SECRET_PLACEHOLDER
    assert state["access_key_id"] == "AKIAOFFLINEPLAN0000"
    recorded = json.dumps([r.inputs for r in result.registrations]) + json.dumps(result.component_outputs)
    assert PLAIN not in recorded


def test_access_key_secret_never_appears_in_the_plan_text_or_json(dev_config):
    result = dev_with_access_key(dev_config)
    text, as_json = to_text(result), json.dumps(to_json_object(result))
    assert PLAIN not in text and PLAIN not in as_json
    assert f'accessKeySecrets: "{SECRET_PLACEHOLDER}"' in text
    assert to_json_object(result)["outputs"]["accessKeySecrets"] == SECRET_PLACEHOLDER


def test_without_access_key_nothing_secret_is_created(dev_config):
    result = run_stack("dev", config=dev_config)
    assert not [r for r in result.registrations if r.type == "aws:iam/accessKey:AccessKey"]
    assert "accessKeySecrets" not in result.outputs and "accessKeyIds" not in result.outputs
