"""cmp: a tidy, source-linked indicator table of China's civil-affairs plans, and the tools to compare them.

In JupyterLab: `import cmp; df = cmp.load()`.
"""

from __future__ import annotations

from .errors import CmpError

__all__ = ["CmpError", "load", "compare", "wide", "__version__"]
__version__ = "0.1.0"


def load(tidy_dir=None):
    """The tidy indicator table as a DataFrame with proper dtypes (reads data/tidy/indicators.parquet)."""
    from .model.tidy import load as _load

    return _load(tidy_dir)


def wide(indicator, jurisdictions=None, lang="en", table=None, **options):
    """Yearbook-style table of one indicator: jurisdiction × (year, kind), '…' when not reported (imported lazily)."""
    from .present.evidence import wide_table

    return wide_table(indicator, jurisdictions, lang, table, **options)


def __getattr__(name: str):
    """`cmp.compare` imports present/ (pandas, the vocabularies) on first use (PEP 562), so `cmp build` never does."""
    if name == "compare":
        from .present.compare import compare

        globals()["compare"] = compare  # found directly from now on
        return compare
    raise AttributeError(f"module 'cmp' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
