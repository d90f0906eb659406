"""The public API surface is explicit and cannot grow by accident (as httpx's test does)."""

import types

import cnm


def test_all_matches_the_exported_names():
    exported = {n for n in dir(cnm) if not n.startswith("_") and not isinstance(getattr(cnm, n), types.ModuleType)}
    assert set(cnm.__all__) - {"__version__"} == exported
    assert len(cnm.__all__) == len(set(cnm.__all__))
