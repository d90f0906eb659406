"""The site's configuration file (`site.yaml`): titles, feedback channel, group names, the
reports folder and the publication date. Every key is optional; see docs/reference/site.md.

Text here comes from the publisher, but it is escaped like record text all the same.
URLs are accepted only as http(s) or mailto (R-8.1: where the public sends feedback).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from cnm.datafiles import load_data, validate

Short = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Long = Annotated[str, StringConstraints(max_length=4000)]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$")]


def _safe_url(url: str | None) -> str | None:
    if url is None:
        return None
    low = url.strip().lower()
    if not low.startswith(("https://", "http://", "mailto:")) or any(c in url for c in "\"'<> \t\r\n"):
        raise ValueError("只接受 http(s):// 或 mailto: 地址 / only http(s):// or mailto: URLs are accepted")
    return url.strip()


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Feedback(_Model):
    """Where the public sends opinions about the published results (R-8.1)."""

    channel_zh: Long | None = Field(None, description="e.g. 省能源局碳中和评价意见邮箱 carbon@example.gov.cn")
    channel_en: Long | None = None
    url: str | None = Field(None, description="http(s) or mailto link shown next to the channel")

    @field_validator("url")
    @classmethod
    def _check_url(cls, v: str | None) -> str | None:
        return _safe_url(v)


class GroupName(_Model):
    name_zh: Short
    name_en: Short | None = None
    file: Path | None = Field(None, description="group file (cnm-group/1) with ownership and control, "
                                                "relative to this file; without it members count 100 %")


class SiteConfig(_Model):
    """What `cnm site build --config site.yaml` reads."""

    title_zh: Short = "碳中和矿山评价结果公示"
    title_en: Short = "Carbon-neutral mine assessment: public disclosure"
    publisher_zh: Short | None = Field(None, description="who publishes the site, e.g. a provincial energy bureau")
    publisher_en: Short | None = None
    site_url: str | None = Field(None, description="public address of the site root, e.g. https://example.org/cnm/")
    feedback: Feedback = Field(default_factory=Feedback)
    groups: dict[Slug, GroupName] = Field(default_factory=dict)
    reports_dir: Path | None = Field(None, description="folder of reports written by `cnm report` (relative to this file)")
    methodology: Path | None = Field(None, description="methodology file the records are assessed with")
    publication_date: dt.date | None = Field(None, description="date of the data snapshot; sets SOURCE_DATE_EPOCH")

    @field_validator("site_url")
    @classmethod
    def _check_site_url(cls, v: str | None) -> str | None:
        v = _safe_url(v)
        if v is not None and v.startswith("mailto:"):
            raise ValueError("site_url 须为 http(s) 地址 / site_url must be an http(s) address")
        return v if v is None or v.endswith("/") else v + "/"

    def group_name(self, group_id: str, lang: str) -> str:
        g = self.groups.get(group_id)
        if g is None:
            return group_id
        return g.name_zh if lang == "zh" else (g.name_en or g.name_zh)

    def title(self, lang: str) -> str:
        return self.title_zh if lang == "zh" else self.title_en


def load_config(path: Path | None) -> SiteConfig:
    """Read site.yaml (located errors on bad keys); relative paths are taken from its folder."""
    if path is None:
        return SiteConfig()
    data = load_data(path) or {}
    cfg = validate(SiteConfig, data, str(path))
    base = path.parent
    updates = {k: base / v for k in ("reports_dir", "methodology")
               if (v := getattr(cfg, k)) is not None and not v.is_absolute()}
    groups = {gid: g.model_copy(update={"file": base / g.file}) if g.file and not g.file.is_absolute() else g
              for gid, g in cfg.groups.items()}
    return cfg.model_copy(update={**updates, "groups": groups})
