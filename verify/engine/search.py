"""The hypothesis search for a counterexample: draw instances, climb the ratio quantity/bound
with ``target``, and let hypothesis shrink a confirmed violation to a small one."""

from __future__ import annotations

import math
import traceback
from collections.abc import Callable

import hypothesis
from hypothesis import HealthCheck, Phase, Verbosity, given, settings
from hypothesis.errors import Unsatisfiable
from hypothesis.strategies import SearchStrategy

from verify.core.budget import Budget
from verify.core.declarations import Context, Instance, Theorem
from verify.engine.describe import describe
from verify.engine.evaluate import Outcome, evaluate
from verify.errors import MalformedTheorem

__all__ = ["search"]


class _MeasureFailed(Exception):
    """The measure raised on an instance: the search stops and says where."""

    def __init__(self, instance: Instance, error: BaseException) -> None:
        super().__init__(describe(instance))
        self.instance = instance
        self.error = error


class _Violation(Exception):
    """Raised inside the hypothesis search so that it shrinks the failing instance."""

    def __init__(self, outcome: Outcome) -> None:
        super().__init__(describe(outcome.instance))
        self.outcome = outcome


def search(theorem: Theorem, budget: Budget, seed: int, context: Context,
           record: Callable[[Outcome], None], family: int = 1
           ) -> tuple[Outcome | None, str | None, Instance | None]:
    """Search ``budget.examples`` instances; ``record`` sees every outcome. Hypothesis climbs
    the ratio of every clause (one ``target`` label each), so the search heads for the extreme
    instances of each relation. Returns the shrunk counterexample (or None) and an error
    message (or None) and the instance on which the measure failed (or None)."""
    strategy = theorem.instances(budget)
    if not isinstance(strategy, SearchStrategy):
        raise MalformedTheorem("instances(budget) must return a hypothesis strategy, got "
                               f"{type(strategy).__name__}", theorem=theorem.id,
                               field="instances", file=theorem.origin)

    def probe(instance: Instance) -> None:
        if not isinstance(instance, Instance):
            raise MalformedTheorem(f"the strategy drew {type(instance).__name__}, not an "
                                   "Instance", theorem=theorem.id, field="instances",
                                   file=theorem.origin)
        try:
            outcome = evaluate(theorem, instance, context, family=family)
        except MalformedTheorem:
            raise
        except Exception as exc:
            raise _MeasureFailed(instance, exc) from exc
        record(outcome)
        if outcome.missed_premises:
            hypothesis.reject()
        j = outcome.judgement
        for clause in (j.clauses if j is not None and j.clauses else ()):
            if clause.ratio is not None and math.isfinite(clause.ratio):
                hypothesis.target(clause.ratio, label=f"ratio of {clause.relation}")
        if outcome.violated:
            raise _Violation(outcome)

    test = settings(
        max_examples=budget.examples,
        deadline=None,
        database=None,
        derandomize=False,
        report_multiple_bugs=False,
        verbosity=Verbosity.quiet,
        print_blob=False,
        suppress_health_check=list(HealthCheck),
        phases=(Phase.explicit, Phase.generate, Phase.target, Phase.shrink),
    )(given(strategy)(probe))
    test = hypothesis.seed(seed)(test)
    try:
        test()
    except _Violation as violation:
        return violation.outcome, None, None
    except _MeasureFailed as failure:
        error = "".join(traceback.format_exception_only(type(failure.error), failure.error))
        return None, (f"the measure failed on {describe(failure.instance)}: "
                      f"{error.strip()}"), failure.instance
    except Unsatisfiable:
        return None, "no drawn instance met the premises", None
    except MalformedTheorem:
        raise
    except Exception as exc:  # the strategy itself failed
        return None, "".join(traceback.format_exception_only(type(exc), exc)).strip(), None
    return None, None, None
