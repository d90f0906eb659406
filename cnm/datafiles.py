"""Reading data files (YAML/JSON): bundled ones from cnm/data, a user's from a path.

Errors are located: a pydantic ValidationError becomes a list of Problems whose `loc`
is the path of the bad key (``levels[0].groups[1].indicators[2].weight``).
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from cnm.errors import DataFileError, Problem

M = TypeVar("M", bound=BaseModel)

#: Files larger than this are refused before parsing (a data file is never this big).
MAX_DATA_FILE_BYTES = 20 * 1024 * 1024
#: A methodology and each file it names (catalog, rubric, GWP set, factor set) are small text
#: files (an exported methodology is ~130 kB): more than this is refused, and never read past.
MAX_METHODOLOGY_FILE_BYTES = 4 * 1024 * 1024


_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser when available


class _UniqueKeyLoader(_BaseLoader):
    """SafeLoader that refuses duplicate keys (a silent overwrite would lose a value)."""


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    mapping: dict = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        mapping[key] = loader.construct_object(value_node, deep=deep)
    return mapping


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def bundled_path(name: str) -> Path:
    """Path of a file shipped in cnm/data (e.g. 'catalog.yaml', 'factors/gbt2589-2020.yaml')."""
    return Path(str(resources.files("cnm.data").joinpath(name)))


def _refused(path: Path, en: str, zh: str, code: str, hint: str = "") -> DataFileError:
    return DataFileError(str(path), [Problem(str(path), en, zh, hint=hint, code=code)])


def _unreadable(path: Path, exc: OSError) -> DataFileError:
    reason = exc.strerror or type(exc).__name__
    return _refused(path, f"cannot read the file: {reason}", f"无法读取文件：{reason}", "unreadable")


def _check_regular(path: Path, mode: int) -> None:
    """Refuse a folder, a device, a pipe or a socket: only a regular file is read (reading
    /dev/zero or a FIFO would never end)."""
    if stat.S_ISDIR(mode):
        raise _refused(path, "is a folder, not a file", "这是文件夹，不是文件", "not-a-file",
                       hint="name a YAML or JSON file")
    if not stat.S_ISREG(mode):
        raise _refused(path, "is not a regular file (a device, pipe or socket): not read",
                       "不是普通文件（设备、管道或套接字），不予读取", "not-a-file", hint="name a YAML or JSON file")


def _too_large(path: Path, size: int | str, limit: int) -> DataFileError:
    return _refused(path, f"the file is {size} bytes, over the limit of {limit} bytes",
                    f"文件过大（{size} 字节，上限 {limit} 字节）", "too-large")


def same_file(a: str | Path, b: str | Path) -> bool:
    """Whether `a` and `b` name one file: the same path after links and '..', or a hard link (an
    output must never be written over an input)."""
    a, b = Path(a), Path(b)
    if a.resolve() == b.resolve():
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist yet
        return False


def read_text(path: Path, limit: int = MAX_DATA_FILE_BYTES) -> str:
    """Read a UTF-8 data file, with a located error for anything that is not a regular file
    (folder, device, pipe: checked before reading), for more than `limit` bytes (never more
    than that is read) and for undecodable bytes. Line ends are normalised to "\\n"."""
    path = Path(path)
    try:
        mode = os.stat(path).st_mode
        _check_regular(path, mode)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise _unreadable(path, exc) from None
    except DataFileError:
        raise
    except ValueError as exc:  # a NUL in the name
        raise _refused(path, f"cannot read the file: {exc}", f"无法读取文件：{exc}", "unreadable") from None
    with os.fdopen(fd, "rb") as fh:
        try:
            info = os.fstat(fh.fileno())
            _check_regular(path, info.st_mode)  # the name may have changed since the stat above
            if info.st_size > limit:
                raise _too_large(path, info.st_size, limit)
            raw = fh.read(limit + 1)
        except OSError as exc:
            raise _unreadable(path, exc) from None
    if len(raw) > limit:
        raise _too_large(path, f"more than {limit}", limit)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataFileError(str(path), [Problem(f"{path}@byte {exc.start}", "the file is not UTF-8 text",
                                                "文件不是 UTF-8 文本", hint="save it as UTF-8",
                                                code="encoding")]) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_text(text: str, where: str) -> Any:
    """Parse YAML (a superset of JSON) with duplicate keys refused."""
    try:
        return yaml.load(text, Loader=_UniqueKeyLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        loc = f"{where}:{mark.line + 1}:{mark.column + 1}" if mark else where
        problem = getattr(exc, "problem", None) or str(exc)
        raise DataFileError(where, [Problem(loc, f"not valid YAML/JSON: {problem}",
                                            f"不是有效的 YAML/JSON：{problem}", code="syntax")]) from None


def load_data(path: Path, limit: int = MAX_DATA_FILE_BYTES) -> Any:
    """Read and parse one YAML or JSON file (at most `limit` bytes)."""
    return parse_text(read_text(path, limit), str(path))


def loc_of(parts: tuple) -> str:
    """('levels', 0, 'groups', 1) -> 'levels[0].groups[1]'."""
    out = ""
    for n, part in enumerate(parts):
        if part == "[key]":  # pydantic's mark of a bad mapping key: the key itself is the place
            continue
        if isinstance(part, int) and parts[n + 1:n + 2] != ("[key]",):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(top)"


def under(prefix: str, loc: str) -> str:
    """A location inside a file's key: ('gwp', 'gases[1].gwp') -> 'gwp.gases[1].gwp'."""
    if not prefix:
        return loc
    if loc in ("", "(top)"):
        return prefix
    return f"{prefix}{loc}" if loc.startswith("[") else f"{prefix}.{loc}"


def problems_from_validation(exc: ValidationError, prefix: str = "") -> list[Problem]:
    """Turn a pydantic ValidationError into located Problems."""
    problems = []
    for err in exc.errors(include_url=False):
        loc = loc_of(tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-"))))
        if prefix:
            loc = under(prefix, loc)
        en = err["msg"].removeprefix("Value error, ")
        if err["type"] == "finite_number":  # .inf, .nan, 1e400: never a weight, a GWP or a factor
            en = "must be a finite number"
        zh = _zh(err)
        if " / " in en:  # our own bilingual ValueError: "中文 / English"
            zh, en = en.split(" / ", 1)
        problems.append(Problem(loc=loc, message_en=en, message_zh=zh, code=err["type"]))
    return problems


_ZH = {
    "missing": "缺少必填项",
    "extra_forbidden": "不认识的字段（拼写错误？）",
    "literal_error": "取值不在允许的范围内",
    "enum": "取值不在允许的范围内",
    "float_parsing": "应为数字",
    "int_parsing": "应为整数",
    "greater_than_equal": "数值过小",
    "less_than_equal": "数值过大",
    "string_pattern_mismatch": "格式不符合要求",
    "date_from_datetime_parsing": "应为日期（YYYY-MM-DD）",
    "date_parsing": "应为日期（YYYY-MM-DD）",
    "string_too_short": "不能为空",
    "string_too_long": "文本过长",
    "greater_than": "数值须大于下限",
    "less_than": "数值须小于上限",
    "int_from_float": "应为整数",
    "bool_parsing": "应为是/否",
    "dict_type": "应为一组字段（对象）",
    "list_type": "应为列表",
    "model_type": "应为一组字段（对象）",
    "finite_number": "应为有限数值",
    "string_type": "应为文本",
}


#: Bounds pydantic names in its context: the Chinese says the limit as the English does.
_BOUNDS = {"greater_than_equal": ("ge", "不能小于 {}"), "less_than_equal": ("le", "不能大于 {}"),
           "greater_than": ("gt", "须大于 {}"), "less_than": ("lt", "须小于 {}"),
           "string_too_long": ("max_length", "文本过长（最多 {} 个字符）")}


def _zh(err: dict) -> str:
    ctx = err.get("ctx", {})
    if err["type"] == "value_error":
        return str(ctx.get("error", err["msg"]))
    if err["type"] in _BOUNDS and _BOUNDS[err["type"]][0] in ctx:
        key, text = _BOUNDS[err["type"]]
        limit = ctx[key]
        return text.format(f"{limit:g}" if isinstance(limit, float) else limit)
    return _ZH.get(err["type"], "取值无效")


def validate(model: type[M], data: Any, where: str, prefix: str = "") -> M:
    """Validate parsed data against a pydantic model; raise DataFileError with every problem
    (each located under `prefix`, the key the data sits at in its file, when given)."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise DataFileError(where, problems_from_validation(exc, prefix)) from None


def content_hash(obj: Any) -> str:
    """SHA-256 of the canonical JSON of `obj` (sorted keys, no spaces): a content fingerprint."""
    text = json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
