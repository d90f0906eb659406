"""Excel add-in side of cnm: the CNM_* worksheet functions (`xl_addin.udfs`) and the
generator of their VBA wrapper module (`xl_addin.vba`)."""

UDF_MODULE = "xl_addin.udfs"
XLWINGS_VERSION = "0.37.8"
