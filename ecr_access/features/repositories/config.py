"""`ecr-access:repositories[]`: the repositories, each with its settings, safety keys and repository policy."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationInfo, model_validator

from ecr_access.config.adoption import adoption_problems, import_id
from ecr_access.config.base import Bool, Maybe, context, field, refusals
from ecr_access.config.constraints import shaped
from ecr_access.config.errors import Problems
from ecr_access.config.values import ResourceRegion
from ecr_access.features.repositories.settings import RepositoryName, RepositorySettings, SettingsConfig
from ecr_access.features.repository_policy.config import RepositoryPolicyConfig, RepositoryPolicySpec


@dataclass(frozen=True)
class RepositorySpec:
    """One declared repository, validated; `path` is where it sits in stack config."""

    name: str
    path: str
    settings: RepositorySettings
    force_delete: bool = False
    protect: bool = True
    policy: RepositoryPolicySpec | None = None
    # Set when the repository already exists: Pulumi imports it (ECR's import ID is the repository name).
    import_id: str | None = None
    retain_on_delete: bool = False
    renamed_from: str | None = None
    allow_replace: bool = False
    # The region the repository lies in when it is not the stack's (aws:region); None in the stack's region.
    region: str | None = None

    @property
    def replaces(self) -> bool:
        """True when deploying this entry replaces a repository in AWS (its name changed from `renamed_from`)."""
        return self.renamed_from is not None

    @property
    def resource_retain_on_delete(self) -> bool:
        """`retainOnDelete` of the aws.ecr.Repository: always on during a rename, so the old images stay in AWS, and for
        an adopted repository, which the stack did not create."""
        return self.retain_on_delete or self.replaces or self.import_id is not None


def force_delete_problem(force_delete: bool, protect: bool) -> str | None:
    """Why `forceDelete` is refused (on a protected repository: it would delete its images), or None."""
    return "cannot be true on a protected repository (it would delete its images)" if force_delete and protect else None


def rename_problems(name: str, renamed_from: str | None, allow_replace: bool, protect: bool) -> list[tuple[str, str, Any]]:
    """What is refused in a rename, as (key, message, value): a new name is a new repository in AWS, refused on a
    protected repository unless `allowReplace` confirms it is meant (one rule for the config and the component)."""
    if renamed_from == name:
        return [("renamedFrom", "is the repository's own name; remove renamedFrom", renamed_from)]
    if renamed_from is not None and protect and not allow_replace:
        return [("renamedFrom", f"renaming to {name!r} replaces the repository in AWS (a new, empty repository; the old "
                 "one and its images are kept, not deleted); this repository is protected: set allowReplace: true on the "
                 "entry to confirm", renamed_from)]
    if allow_replace and renamed_from is None:
        return [("allowReplace", "allows nothing without renamedFrom; remove it", True)]
    return []


class RepositoryConfig(SettingsConfig):
    """One repository: its name, the settings keys (over `ecr-access:repositoryDefaults`), safety and policy keys."""

    name: RepositoryName = field(
        "Repository name: 2-256 characters, lowercase letters and digits separated by `.`, `_`, `-` or `/` (botocore "
        "`RepositoryName`). Unique. Renaming a repository replaces it.")
    force_delete: Maybe(Bool, "true or false") = field(
        "Let Pulumi delete the repository with its images. Refused on a protected repository and on every stack but "
        "`dev`/`dev-*`. Default `false`.", None)
    protect: Maybe(Bool, "true or false") = field("Per-repository override of `ecr-access:protect`.", None)
    repository_policy: Maybe(RepositoryPolicyConfig, "a map") = field(
        "Resource-based access for other accounts, organizations and services: `grants` and `deny`.", None)
    adopt: Maybe(Bool, "true or false") = field(
        "The repository already exists: Pulumi imports it instead of creating it, and retains it on delete (dropping "
        "the entry never deletes it). It may be removed after the first `pulumi up` (the import is done); keeping it keeps that protection. Default `false`.", None)
    import_id: Maybe(shaped("ecr", "RepositoryName", "a repository name")) = field(
        "The same as `adopt`, naming the import ID explicitly (must be the repository name).", None)
    retain_on_delete: Maybe(Bool, "true or false") = field(
        "Keep the repository and its images in AWS when the entry is dropped. Default `ecr-access:retainOnDelete`; "
        "always on for an adopted repository.", None)
    renamed_from: Maybe(RepositoryName) = field(
        "The repository's former name: renaming replaces the repository in AWS (the old one and its images are kept).", None)
    allow_replace: Maybe(Bool, "true or false") = field(
        "Confirms a rename (`renamedFrom`) of a protected repository. Default `false`.", None)
    region: Maybe(ResourceRegion) = field(
        "The region the repository lies in, in the stack's partition. Default `aws:region`. Its ARN, URL, policies and "
        "KMS key are of that region; names stay unique across regions.", None)

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> RepositoryConfig:
        problems: list[tuple[str, str, Any]] = []
        protect = self.protect if self.protect is not None else context(info, "protect", True)
        if problem := force_delete_problem(bool(self.force_delete), protect):
            problems.append(("forceDelete", problem, True))
        # aws.ecr.Repository (and its lifecycle and repository policies) import by the repository name alone.
        problems += adoption_problems(self.adopt, self.import_id, self.name, "repository name",
                                      "ECR imports a repository by its name")
        problems += rename_problems(self.name, self.renamed_from, bool(self.allow_replace), protect)
        if problems:
            raise refusals(problems)
        return self

    def spec(self, path: str, defaults: RepositorySettings, protect: bool, retain: bool, problems: Problems,
             home_region: str | None = None) -> RepositorySpec:
        """The repository as the compiler takes it (`protect`, `retain`: the stack's defaults; `home_region`: aws:region,
        where a repository whose `region` names it lies as one without)."""
        region = None if self.region == home_region else self.region
        return RepositorySpec(
            name=self.name,
            path=path,
            settings=self.settings(defaults, path, problems, region),
            force_delete=bool(self.force_delete),
            protect=protect if self.protect is None else self.protect,
            policy=self.repository_policy.spec(f"{path}.repositoryPolicy") if self.repository_policy else None,
            import_id=import_id(self.adopt, self.import_id, self.name),
            retain_on_delete=retain if self.retain_on_delete is None else self.retain_on_delete,
            renamed_from=self.renamed_from,
            allow_replace=bool(self.allow_replace),
            region=region,
        )


def check_renames(repositories: list[RepositorySpec], problems: Problems) -> None:
    """Two entries claiming one old repository (or an old name still declared) would give two resources one URN."""
    names = {r.name: r.path for r in repositories}
    claimed: dict[str, str] = {}
    for repo in repositories:
        old = repo.renamed_from
        if old is None:
            continue
        if old in names:
            problems.add(f"{repo.path}.renamedFrom", f"is still declared at {names[old]}; rename it in one entry", old)
        elif old in claimed:
            problems.add(f"{repo.path}.renamedFrom", f"is already claimed by {claimed[old]}", old)
        claimed.setdefault(old, f"{repo.path}.renamedFrom")
