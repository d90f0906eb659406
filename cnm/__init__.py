"""cnm: carbon-neutral mine assessment under the draft standard 碳中和矿山评价.

The public Python API. Everything else (UDFs, template, validator, report, site) calls this
surface; a test keeps `__all__` and the exported names in step.

    >>> from cnm import load_record, assess
    >>> result = assess(load_record("examples/records/wannan-limestone_2024.yaml"))
    >>> result.grade, round(result.total, 2)
"""

from cnm.base_year import BaseYearRecalculation, recalculate
from cnm.catalog import Catalog, load_catalog
from cnm.consolidation import consolidate, consolidate_groups
from cnm.errors import CnmError, DataFileError, FactorNotFound, InputErrors, Problem, UnitError
from cnm.factors import FactorLibrary, load_library
from cnm.findings import Finding
from cnm.grading import NOT_RATED, grade
from cnm.group import Group, load_group
from cnm.group_result import GroupResult
from cnm.gwp import GwpSet, load_gwp_set
from cnm.history import MineHistory, histories, mine_history
from cnm.methodology import Methodology, default_methodology, load_methodology
from cnm.offsets import duplicate_serials, evaluate_credits
from cnm.record import SCHEMA_VERSION, Amount, Period, Record
from cnm.record_io import dump_record, load_record, record_files, record_from_data, record_schema
from cnm.result import RESULT_SCHEMA, Result, assess
from cnm.units import convert

__version__ = "0.4.0"

__all__ = [
    "NOT_RATED",
    "RESULT_SCHEMA",
    "SCHEMA_VERSION",
    "Amount",
    "BaseYearRecalculation",
    "Catalog",
    "CnmError",
    "DataFileError",
    "FactorLibrary",
    "FactorNotFound",
    "Finding",
    "Group",
    "GroupResult",
    "GwpSet",
    "InputErrors",
    "Methodology",
    "MineHistory",
    "Period",
    "Problem",
    "Record",
    "Result",
    "UnitError",
    "__version__",
    "assess",
    "consolidate",
    "consolidate_groups",
    "convert",
    "default_methodology",
    "dump_record",
    "duplicate_serials",
    "evaluate_credits",
    "grade",
    "histories",
    "load_catalog",
    "load_group",
    "load_gwp_set",
    "load_library",
    "load_methodology",
    "load_record",
    "mine_history",
    "recalculate",
    "record_files",
    "record_from_data",
    "record_schema",
]
