"""`ecr-access:scanning`: the registry's scanning configuration (scan type, and rules: frequency, repository filters)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import AfterValidator, Field, model_validator

from ecr_access.config.base import ConfigModel, Maybe, OneOrList, OneOrMany, Str, fail, field, refusals
from ecr_access.config.constraints import list_max, shape_check, shaped
from ecr_access.config.errors import Problems
from ecr_access.config.values import ResourceRegion

# Which frequencies each scan type supports (botocore ECR model, RegistryScanningRule.scanFrequency documentation).
FREQUENCIES = {"BASIC": ("SCAN_ON_PUSH", "MANUAL"), "ENHANCED": ("SCAN_ON_PUSH", "CONTINUOUS_SCAN")}


@dataclass(frozen=True)
class ScanningRule:
    """One scanning rule: how often, and which repositories (wildcard filters)."""

    path: str
    frequency: str
    filters: tuple[str, ...]


@dataclass(frozen=True)
class ScanningSpec:
    """The registry's scanning configuration (BASIC or ENHANCED) and its rules."""

    scan_type: str
    rules: tuple[ScanningRule, ...] = ()
    # Where it sits in stack config, and its region when not the stack's (aws:region).
    path: str = "ecr-access:scanning"
    region: str | None = None


# The rules of a scanning configuration, each one function the config and the RegistrySettings component ask.
def frequency_problem(scan_type: str, frequency: str) -> str | None:
    """Why a rule of a `scan_type` configuration cannot scan at `frequency`, or None (also for an unknown scan type,
    refused on its own)."""
    allowed = FREQUENCIES.get(scan_type)
    if allowed is None or frequency in allowed:
        return None
    return f"is not supported by scan type {scan_type} (use {' or '.join(allowed)})"


def filters_problem(filters: Sequence[str]) -> str | None:
    """Why a scanning rule cannot have these repository filters (none at all), or None."""
    return None if filters else "is empty; a scanning rule needs at least one filter (\"*\" matches every repository)"


def _some(values: tuple[str, ...]) -> tuple[str, ...]:
    problem = filters_problem(values)
    if problem:
        raise fail(problem)
    return values


class ScanningRuleConfig(ConfigModel):
    """A scanning rule: how often, and which repositories."""

    frequency: shaped("ecr", "ScanFrequency") = field(
        "`SCAN_ON_PUSH`, `MANUAL` (BASIC) or `CONTINUOUS_SCAN` (ENHANCED); one rule per frequency.")
    filters: Annotated[OneOrMany(Annotated[Str, shape_check("ecr", "ScanningRepositoryFilterValue", "a scanning filter ECR accepts (WILDCARD)")], list_max("ecr", "ScanningRepositoryFilterList")),
                       AfterValidator(_some)] = field('Repository name wildcard filters (`"*"` matches every repository).')


class ScanningConfig(ConfigModel):
    """The registry's scanning configuration; it replaces the repositories' own `scanOnPush`."""

    scan_type: shaped("ecr", "ScanType") = field("`BASIC` or `ENHANCED` (Amazon Inspector).")
    rules: Maybe(Annotated[list[ScanningRuleConfig], Field(max_length=list_max("ecr", "RegistryScanningRuleList"))], "a list") = field(
        "Scanning rules; outside dev stacks one must scan every repository (a `SCAN_ON_PUSH` or `CONTINUOUS_SCAN` rule on "
        '`"*"`).', None)
    region: Maybe(ResourceRegion) = field(
        "The region this scanning configuration is set in (one per region), in the stack's partition. Default "
        "`aws:region`.", None)

    @model_validator(mode="after")
    def _frequencies(self) -> ScanningConfig:
        problems: list[tuple[Any, str, Any]] = []
        seen: dict[str, int] = {}
        for i, rule in enumerate(self.rules or ()):
            if problem := frequency_problem(self.scan_type, rule.frequency):
                problems.append((("rules", i, "frequency"), problem, rule.frequency))
            elif rule.frequency in seen:
                problems.append((("rules", i, "frequency"), f"has a rule already (at ecr-access:scanning.rules[{seen[rule.frequency]}]); "
                                 "put its filters there", rule.frequency))
            seen.setdefault(rule.frequency, i)
        if problems:
            raise refusals(problems)
        return self

    def spec(self, path: str, home_region: str | None = None) -> ScanningSpec:
        """The scanning configuration as the compiler takes it (`home_region`: aws:region)."""
        return ScanningSpec(scan_type=self.scan_type, rules=tuple(
            ScanningRule(path=f"{path}.rules[{i}]", frequency=r.frequency, filters=r.filters) for i, r in enumerate(self.rules or ())),
            path=path, region=None if self.region == home_region else self.region)


# `ecr-access:scanning`: one configuration (of aws:region unless it names a region), or a list of them, one per region.
Scanning = OneOrList(ScanningConfig)


def scanning_specs(found: ScanningConfig | list[ScanningConfig] | None, path: str, home_region: str,
                   problems: Problems) -> tuple[ScanningSpec, ...]:
    """The validated configurations, one per region (a second one of a region is a problem)."""
    if found is None:
        return ()
    if isinstance(found, ScanningConfig):
        return (found.spec(path, home_region),)
    out: list[ScanningSpec] = []
    seen: dict[str, str] = {}
    for i, entry in enumerate(found):
        spec = entry.spec(f"{path}[{i}]", home_region)
        region = spec.region or home_region
        if region in seen:
            problems.add(spec.path, f"is a second scanning configuration of {region} (first at {seen[region]}); ECR keeps "
                         "one per region", region)
            continue
        seen[region] = spec.path
        out.append(spec)
    return tuple(out)
