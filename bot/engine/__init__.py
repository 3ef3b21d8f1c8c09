"""The engine: loading, validating, indexing and searching facts. It knows nothing of Slack."""

from .answering import Answer, Engine
from .cache import load_engine
from .factbase import FactBase
from .loader import check_fact_base, load_fact_base
from .models import AnyFact, Source
from .problems import FactBaseError, Problem

__all__ = [
           "Answer",
           "AnyFact",
           "Engine",
           "FactBase",
           "FactBaseError",
           "Problem",
           "Source",
           "check_fact_base",
           "load_engine",
           "load_fact_base",
]
