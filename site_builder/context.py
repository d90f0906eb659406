"""What every page generator gets: the data, the configuration, the language, the reports found,
and small helpers that pick the right language's name of a mine, category or grade."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cnm.grading import grade_en, score_text, share_text
from cnm.units import display_unit
from cnm.vocabulary import emission_category, province_en
from site_builder.config import SiteConfig
from site_builder.data import Entry, SiteData
from site_builder.text import public_text, t

_CJK = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]")


@dataclass
class PageContext:
    data: SiteData
    config: SiteConfig
    lang: str
    reports: dict[tuple[str, str], list[str]] = field(default_factory=dict)  # (mine, period) -> site paths
    report_langs: dict[str, str] = field(default_factory=dict)  # report site path -> 'zh' / 'en' (when known)

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

    def province(self, name: str | None) -> str:
        """A mine's province: as recorded on zh pages; its English name on en pages when it is a
        province-level division written in Chinese ('四川省' -> 'Sichuan'), else as recorded."""
        if not name:
            return "—"
        return name if self.zh else (province_en(name) or name)

    def unit(self, unit: str | None) -> str:
        """A unit in this language's words: 'percent' -> '%', 'level' -> '级' (zh) or 'level' (en)."""
        return display_unit(unit or "", self.lang)

    def source_category(self, category: str, lines: list[dict] | None = None) -> str:
        """The name of an inventory category ('facility_venting' -> '工艺放空' / 'Process venting');
        a category without words is named by its lines' own labels, never by its code."""
        words = emission_category(category)
        if words:
            return words[0] if self.zh else words[1]
        labels = sorted({(ln["label_zh"] if self.zh else ln["label_en"]) or ln["label_zh"]
                         for ln in lines or () if ln.get("category") == category})
        if not labels:
            return "其他" if self.zh else "Other"
        return ("、" if self.zh else "; ").join(labels)

    def methodology_name(self, name: str) -> str:
        """A result's methodology name: the methodology's English name on en pages when it is the
        site's methodology; a Chinese name without an English one is explained in English."""
        if self.zh:
            return name
        m = self.data.methodology
        if name == m.name and m.name_en:
            return m.name_en
        if _CJK.search(name):
            return f"{name} (the methodology's Chinese name; it has no English name)"
        return name

    def public(self, text: str | None, *, inline: bool = True) -> str:
        """Methodology text (or, `inline=False`, a finding's message) for a public page: without
        cnm's internal requirement ids."""
        return public_text(text or "", self.lang, inline=inline)
