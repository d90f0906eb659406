"""What every page generator gets: the data, the configuration, the language, the reports found,
and small helpers that pick the right language's name of a mine, category or grade."""

from __future__ import annotations

from dataclasses import dataclass, field

from cnm.grading import grade_en, score_text, share_text
from site_builder.config import SiteConfig
from site_builder.data import Entry, SiteData
from site_builder.text import t


@dataclass
class PageContext:
    data: SiteData
    config: SiteConfig
    lang: str
    reports: dict[tuple[str, str], list[str]] = field(default_factory=dict)  # (mine, period) -> site paths

    @property
    def zh(self) -> bool:
        return self.lang == "zh"

    def t(self, key: str) -> str:
        return t(key, self.lang)

    def mine_name(self, e: Entry) -> str:
        m = e.record.mine
        return m.name_zh if self.zh else (m.name_en or m.name_zh)

    def category(self, e: Entry) -> str:
        c = self.data.methodology.rubric.categories.get(e.record.mine.category)
        if c is None:
            return e.record.mine.category
        return c.name_zh if self.zh else c.name_en

    def grade(self, grade: str) -> str:
        return grade if self.zh else grade_en(grade)

    def score(self, total: float) -> str:
        """A total as printed beside a grade: on the grade's side of every band edge (89.996, not 90.00)."""
        return score_text(total, self.data.methodology.parameters.grades)

    def share(self, offset_share: float) -> str:
        """An offset share as printed beside a grade: 59.96%, not 60.0%, below C's 60%."""
        return share_text(offset_share, self.data.methodology.parameters.grades)

    def group_name(self, group_id: str) -> str:
        return self.config.group_name(group_id, self.lang)

    def name(self, obj, attr: str = "name") -> str:
        """obj.name_zh / obj.name_en (or dict keys) for the current language."""
        get = obj.get if isinstance(obj, dict) else lambda k: getattr(obj, k, None)
        return (get(f"{attr}_zh") if self.zh else get(f"{attr}_en")) or get(f"{attr}_zh") or ""
