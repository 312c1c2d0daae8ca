"""Several regions in one stack: a repository, cache, replication rule or scanning configuration naming its region gets
that region's ARNs, URLs, policies and resources; a stack of one region plans exactly as before."""

from __future__ import annotations

import json

import pytest

from ecr_access.config.errors import ConfigError
from ecr_access.plan.render import to_json_object
from ecr_access.plan.runner import run_stack
from tests.helpers.registry import compiled, deployed
from tests.helpers.stacks import base_config, by_type, fixture_config

ACCOUNT = "123456789012"
WEST = "us-west-2"
USER = f"arn:aws:iam::{ACCOUNT}:user/puller"
AUTH = {"Sid": "GetAuthorizationToken", "Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*"}
PULL = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
IMPORT = ["ecr:BatchImportUpstreamImage", "ecr:CreateRepository"]


def arn(name: str, region: str = "us-east-1") -> str:
    return f"arn:aws:ecr:{region}:{ACCOUNT}:repository/{name}"


def policy_of(result, name: str) -> dict:
    (found,) = [r for r in by_type(result, "aws:iam/policy:Policy") if r.name == name]
    return json.loads(found.inputs["policy"])


def test_a_repository_of_another_region_has_that_regions_arn_url_policies_and_outputs():
    config = base_config(
        repositories=[{"name": "app"}, {"name": "edge/web", "region": WEST, "lifecycle": {"expireUntaggedAfterDays": 7},
                                        "repositoryPolicy": {"grants": [{"accounts": ["210987654321"], "levels": ["pull"]}]}}],
        users=[{"name": "ci", "grants": [{"levels": ["pull"], "repository": "edge/web"}, {"levels": ["pull"], "repository": "app"}]}],
    )
    result = deployed(config)
    repos = {r.name: r for r in by_type(result, "aws:ecr/repository:Repository")}
    assert repos["edge/web"].inputs["region"] == WEST and "region" not in repos["app"].inputs
    (lifecycle,) = by_type(result, "aws:ecr/lifecyclePolicy:LifecyclePolicy")
    (repo_policy,) = by_type(result, "aws:ecr/repositoryPolicy:RepositoryPolicy")
    assert lifecycle.inputs["region"] == WEST and repo_policy.inputs["region"] == WEST
    assert result.outputs["repositoryArns"] == {"app": arn("app"), "edge/web": arn("edge/web", WEST)}
    assert result.outputs["repositoryUrls"]["edge/web"] == f"{ACCOUNT}.dkr.ecr.{WEST}.amazonaws.com/edge/web"
    assert result.outputs["repositoryRegions"] == {"app": "us-east-1", "edge/web": WEST}
    assert result.outputs["registryUrls"] == {"us-east-1": f"{ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com",
                                              WEST: f"{ACCOUNT}.dkr.ecr.{WEST}.amazonaws.com"}
    assert policy_of(result, "ci-ecr-access")["Statement"] == [
        AUTH, {"Sid": "PullAppAnd1More", "Effect": "Allow", "Action": PULL, "Resource": [arn("app"), arn("edge/web", WEST)]}]


def test_a_namespace_grant_covers_the_namespace_in_every_region_the_stack_declares_it():
    config = base_config(
        repositories=[{"name": "team-c/api"}, {"name": "team-c/edge", "region": WEST}, {"name": "other", "region": WEST}],
        users=[{"name": "ci", "grants": [{"levels": ["pull"], "namespace": "team-c"}, {"levels": ["pull"], "namespace": "fresh"},
                                         {"levels": ["pull"], "repository": "team-c/edge"}]}],
    )
    statements = policy_of(deployed(config), "ci-ecr-access")["Statement"]
    # `fresh` holds nothing yet: aws:region's; team-c/edge is covered by the namespace in its own region.
    assert statements[1:] == [{"Sid": "PullFreshNamespaceAnd1More", "Effect": "Allow", "Action": PULL, "Resource": [
        arn("fresh/*"), arn("team-c/*"), arn("team-c/*", WEST)]}]


def test_each_region_has_its_own_registry_policy_caches_and_names():
    caches = [{"upstream": "ecr-public", "prefix": "pub", "principals": [USER]},
              {"upstream": "ecr-public", "prefix": "pub", "region": WEST, "principals": [USER]}]
    result = deployed(base_config(pullThroughCache=caches))
    policies = {r.name: r for r in by_type(result, "aws:ecr/registryPolicy:RegistryPolicy")}
    assert sorted(policies) == ["registry-registry-policy", f"registry-{WEST}-registry-policy"]
    for name, region in (("registry-registry-policy", "us-east-1"), (f"registry-{WEST}-registry-policy", WEST)):
        document = policies[name].inputs["policy"]
        assert json.loads(document) == {"Version": "2012-10-17", "Statement": [{
            "Sid": "PullThroughCachePub", "Effect": "Allow", "Principal": {"AWS": USER}, "Action": IMPORT,
            "Resource": arn("pub/*", region)}]}
    assert "region" not in policies["registry-registry-policy"].inputs
    assert policies[f"registry-{WEST}-registry-policy"].inputs["region"] == WEST
    rules = {r.name: r.inputs.get("region") for r in by_type(result, "aws:ecr/pullThroughCacheRule:PullThroughCacheRule")}
    templates = {r.name: r.inputs.get("region") for r in by_type(result, "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate")}
    assert rules == {"registry-pub": None, f"registry-{WEST}-pub": WEST}
    assert templates == {"registry-pub-template": None, f"registry-{WEST}-pub-template": WEST}
    assert result.outputs["pullThroughCacheUrls"] == {"pub": f"{ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/pub"}
    assert result.outputs["pullThroughCacheUrlsByRegion"][WEST] == {"pub": f"{ACCOUNT}.dkr.ecr.{WEST}.amazonaws.com/pub"}
    assert set(result.outputs["registryPoliciesByRegion"]) == {"us-east-1", WEST}


def test_replication_and_scanning_are_set_per_region():
    config = base_config(
        repositories=[{"name": "app"}, {"name": "edge", "region": WEST}],
        replication=[{"destinations": [{"region": WEST}]}, {"region": WEST, "destinations": [{"region": "us-east-1"}]}],
        scanning=[{"scanType": "BASIC", "rules": [{"frequency": "SCAN_ON_PUSH", "filters": ["*"]}]},
                  {"region": WEST, "scanType": "ENHANCED", "rules": [{"frequency": "CONTINUOUS_SCAN", "filters": ["*"]}]}],
    )
    result = deployed(config)
    settings = {r.name for r in by_type(result, "ecr-access:ecr:RegistrySettings")}
    assert settings == {"registry-settings", f"registry-settings-{WEST}"}
    replication = {r.name: r.inputs for r in by_type(result, "aws:ecr/replicationConfiguration:ReplicationConfiguration")}
    assert replication == {
        "registry-settings-replication": {"replicationConfiguration": {"rules": [
            {"destinations": [{"region": WEST, "registryId": ACCOUNT}]}]}},
        f"registry-settings-{WEST}-replication": {"region": WEST, "replicationConfiguration": {"rules": [
            {"destinations": [{"region": "us-east-1", "registryId": ACCOUNT}]}]}},
    }
    scanning = {r.name: (r.inputs.get("region"), r.inputs["scanType"])
                for r in by_type(result, "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration")}
    assert scanning == {"registry-settings-scanning": (None, "BASIC"), f"registry-settings-{WEST}-scanning": (WEST, "ENHANCED")}
    assert result.outputs["scanType"] == "BASIC" and result.outputs["scanTypeByRegion"] == {"us-east-1": "BASIC", WEST: "ENHANCED"}
    assert set(result.outputs["replicationRulesByRegion"]) == {"us-east-1", WEST}


def test_a_repository_keeps_its_own_scan_on_push_where_its_region_has_no_scanning_configuration():
    config = base_config(repositories=[{"name": "app"}, {"name": "edge", "region": WEST}],
                         scanning={"scanType": "BASIC", "rules": [{"frequency": "SCAN_ON_PUSH", "filters": ["*"]}]})
    repos = {r.name: r.inputs for r in by_type(deployed(config), "aws:ecr/repository:Repository")}
    assert "imageScanningConfiguration" not in repos["app"]
    assert repos["edge"]["imageScanningConfiguration"] == {"scanOnPush": True}


def _with_own_region(config: dict[str, str]) -> dict[str, str]:
    """The config with `region: <aws:region>` written on every entry that takes one."""
    region = config["aws:region"]
    out = dict(config)
    for key in ("repositories", "pullThroughCache", "replication"):
        entries = json.loads(out[f"ecr-access:{key}"])
        out[f"ecr-access:{key}"] = json.dumps([{**e, "region": region} for e in entries])
    out["ecr-access:scanning"] = json.dumps({**json.loads(out["ecr-access:scanning"]), "region": region})
    return out


@pytest.mark.parametrize("stack", ["dev", "prod"])
def test_naming_the_stacks_own_region_plans_exactly_as_naming_none(stack):
    config = fixture_config(stack)
    if "ecr-access:replication" not in config:
        config["ecr-access:replication"] = json.dumps([{"destinations": [{"region": WEST}]}])
    plain = json.dumps(to_json_object(run_stack(stack, config=config)), sort_keys=True)
    named = json.dumps(to_json_object(run_stack(stack, config=_with_own_region(config))), sort_keys=True)
    assert '"region"' not in plain.replace('"region": "us-west-2"', "")  # no resource input names aws:region
    assert named == plain


def test_a_stack_in_another_partition_keeps_its_regions_there():
    config = base_config(repositories=[{"name": "app", "region": "cn-northwest-1"}])
    config["aws:region"] = "cn-north-1"
    (repo,) = compiled(config).repositories
    assert repo.arn == f"arn:aws-cn:ecr:cn-northwest-1:{ACCOUNT}:repository/app"
    assert repo.url == f"{ACCOUNT}.dkr.ecr.cn-northwest-1.amazonaws.com.cn/app"


def test_a_regions_own_scanning_must_scan_every_repository_outside_dev():
    config = base_config(repositories=[{"name": "app"}, {"name": "edge", "region": WEST, "scanOnPush": False}],
                         scanning=[{"scanType": "BASIC", "rules": [{"frequency": "SCAN_ON_PUSH", "filters": ["*"]}]},
                                   {"region": WEST, "scanType": "BASIC", "rules": [{"frequency": "SCAN_ON_PUSH", "filters": ["a*"]}]}])
    with pytest.raises(ConfigError) as err:
        compiled(config, stack="prod")
    assert [str(p) for p in err.value.problems] == [
        "ecr-access:scanning[1].rules: must scan every repository on stack 'prod': add a SCAN_ON_PUSH or CONTINUOUS_SCAN rule "
        "with the filter \"*\" (it replaces the repositories' own scanOnPush; narrower rules may stay beside it) (got "
        '[{"filters": ["a*"], "frequency": "SCAN_ON_PUSH"}])',
        "ecr-access:repositories[1].scanOnPush: must stay true on stack 'prod': only dev stacks (dev, dev-*) allow unscanned "
        "images; remove it, or have ecr-access:scanning scan every repository (a SCAN_ON_PUSH or CONTINUOUS_SCAN rule on \"*\") "
        "(got false)",
    ]
