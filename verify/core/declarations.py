"""The declaration of a theorem: statement, hypotheses, instances, proof, witnesses, mutants.

A theorem is a record, not code: the engine runs every theorem the same way (ARCHITECTURE.md,
"The core objects"). Catalog modules and users' own files use exactly this API.
"""

from __future__ import annotations

import dataclasses
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import sympy
from hypothesis.strategies import SearchStrategy
from sympy.core.relational import Relational
from sympy.parsing.sympy_parser import convert_xor, parse_expr, standard_transformations

from verify.core.budget import Budget
from verify.core.budget import budget as lookup_budget
from verify.core.vocab import Mode
from verify.errors import MalformedTheorem

MODES = tuple(m.value for m in Mode)
_TRANSFORMATIONS = (*standard_transformations, convert_xor)
_ID = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")


def parameter(name: str, **assumptions: bool) -> sympy.Symbol:
    """A theorem parameter: a sympy symbol with assumptions (``integer=True, positive=True``)."""
    return sympy.Symbol(name, **assumptions)


def parameter_sequence(name: str) -> sympy.IndexedBase:
    """A parameter that is a sequence indexed from 1, such as the hidden widths n_1..n_L."""
    return sympy.IndexedBase(name)


class Quantity(sympy.Symbol):
    """A measured quantity: a real symbol that carries its own LaTeX.

    Two quantities with the same name but different LaTeX are different symbols, so theorems
    that both measure a "gap" or a "slope" never print each other's formula.
    """

    latex_name: str | None

    def __new__(cls, name: str, latex: str | None = None) -> Quantity:
        obj = sympy.Symbol.__xnew__(cls, name, real=True)  # uncached: the LaTeX is our own
        obj.latex_name = latex
        return obj

    def __getnewargs_ex__(self) -> tuple[tuple[Any, ...], dict[str, Any]]:
        return (self.name, self.latex_name), {}

    def _hashable_content(self) -> tuple[Any, ...]:
        return (*super()._hashable_content(), self.latex_name)


def quantity(name: str, latex: str | None = None) -> Quantity:
    """A measured quantity (an error, a count, a probability): real, named as it is reported.

    ``latex`` is how the statement renders it, e.g. ``r"\\sup_{x}|x^2 - f_m(x)|"``; it belongs
    to this quantity (and so to the theorem that declares it):

    >>> err = quantity("err", latex=r"\\|f - g\\|")
    >>> print(render_latex(err <= 1, [err]))
    \\|f - g\\| \\leq 1
    """
    return Quantity(name, latex)


def render_latex(expr: Any, quantities: Sequence[Any] = ()) -> str:
    """LaTeX for a statement, with ``quantities`` under their own declared LaTeX."""
    names = {q: q.latex_name for q in quantities if getattr(q, "latex_name", None)}
    return sympy.latex(expr, symbol_names=names)


@dataclass(frozen=True)
class Instance:
    """One concrete case: parameter values (by parameter name) and the data the measure needs."""

    params: Mapping[str, Any]
    data: Mapping[str, Any] = field(default_factory=dict)
    label: str = ""


@dataclass(frozen=True)
class Context:
    """What a measure may depend on besides the instance: the budget (always set), the device
    and dtype of float work, and whether the engine asks for exact or ball arithmetic.

    Build one with :func:`make_context`.
    """

    budget: Budget
    device: Any = "cpu"
    dtype: Any = None
    rigorous: bool = False
    """True when the engine asks for exact or ball arithmetic (to confirm a float violation)."""
    sample_scale: int = 1
    """How many times the measure's usual number of samples to draw: the engine doubles it
    while an estimated clause has not reached the budget's resolution (see :meth:`samples`)."""

    def __post_init__(self) -> None:
        if not isinstance(self.budget, Budget):
            raise TypeError("Context needs a Budget; build it with make_context(budget=...)")
        if self.sample_scale < 1:
            raise ValueError(f"sample_scale must be at least 1, got {self.sample_scale}")

    def samples(self, quick: int, standard: int | None = None, thorough: int | None = None
                ) -> int:
        """The number of samples (trials, replicates) a statistical measure should draw: the
        budget's value times :attr:`sample_scale`. A measure that sizes its samples with this
        lets the engine grow them until the clause reaches its target resolution.

        >>> make_context("standard", sample_scale=4).samples(100, 200, 400)
        800
        """
        standard = quick if standard is None else standard
        thorough = standard if thorough is None else thorough
        return self.budget.pick(quick, standard, thorough) * self.sample_scale


def make_context(budget: str | Budget = "quick", *, device: Any = "cpu", dtype: Any = None,
                 rigorous: bool = False, sample_scale: int = 1) -> Context:
    """The one way to build a :class:`Context`: the budget by name or value.

    >>> make_context("standard").budget.name
    'standard'
    """
    return Context(budget=lookup_budget(budget), device=device, dtype=dtype, rigorous=rigorous,
                   sample_scale=sample_scale)


@dataclass(frozen=True)
class Premise:
    """A hypothesis of the theorem, checked on every instance before the conclusion is judged."""

    name: str
    holds: Callable[[Instance], bool]


@dataclass(frozen=True)
class Witness:
    """An instance where the bound is (nearly) attained, or a construction with its own claim.

    ``claim`` (optional) is a further relation the witness must satisfy, e.g. a lower bound
    reached by an explicit construction.
    """

    name: str
    instance: Instance
    claim: Any = None
    note: str = ""
    attains: bool = False
    """True when the bound is attained here: on exact and ball routes the quantity must equal
    the bound exactly; on float and statistical routes (or with a ``tolerance``) the ratio must
    reach 1 − tolerance (verify.engine.rules)."""
    tolerance: float = 0.0
    """How far short of ratio 1 an attaining witness may stay (printed with the verdict). 0
    demands exact attainment on rigorous routes and 1e-9 relative on float routes; a
    statistical route needs a tolerance of its own (its point estimate is noisy)."""

    def __post_init__(self) -> None:
        if not 0 <= self.tolerance < 1:
            raise MalformedTheorem(f"witness {self.name!r}: tolerance must lie in [0, 1), got "
                                   f"{self.tolerance}", field="witnesses")


@dataclass(frozen=True)
class Mutant:
    """A false variant of the theorem; the checks must falsify it.

    Any field left None is inherited from the theorem. ``premises`` replaces the list (drop a
    hypothesis by leaving it out); ``extra_witnesses`` adds instances.
    """

    name: str
    description: str
    statement: Any = None
    instances: Callable[[Budget], SearchStrategy] | None = None
    premises: Sequence[Premise] | None = None
    measure: Callable[[Instance, Context], Any] | None = None
    extra_witnesses: Sequence[Witness] = ()
    patches: Mapping[str, Any] = field(default_factory=dict)
    """Attributes replaced while the mutant runs, by dotted path
    (``"theorems.depth.piece_count": buggy``): a plausible bug planted in a helper. Patch the
    name where the measure looks it up (the module that imported it)."""
    kind: str = ""
    """``statement`` (a false variant of the claim) or ``implementation`` (a bug planted in the
    measure or a helper: a replaced ``measure`` or ``patches``); inferred when left empty."""

    def __post_init__(self) -> None:
        inferred = "implementation" if (self.measure is not None or self.patches) \
            and self.statement is None else "statement"
        kind = self.kind or inferred
        if kind not in ("statement", "implementation"):
            raise MalformedTheorem(f"mutant {self.name!r}: kind must be 'statement' or "
                                   f"'implementation', got {self.kind!r}", field="mutants")
        object.__setattr__(self, "kind", kind)


def implementation_mutant(name: str, description: str, *,
                          measure: Callable[[Instance, Context], Any] | None = None,
                          patches: Mapping[str, Any] | None = None,
                          extra_witnesses: Sequence[Witness] = ()) -> Mutant:
    """A plausible bug in the code behind a theorem (its ``measure`` replaced, or helpers
    patched by dotted path); like a statement mutant, the checks must falsify it.

    >>> m = implementation_mutant("off by one", "count − 1", patches={"math.comb": None})
    >>> m.kind
    'implementation'
    """
    if measure is None and not patches:
        raise MalformedTheorem(f"implementation mutant {name!r}: give a measure or patches",
                               field="mutants")
    return Mutant(name, description, measure=measure, patches=dict(patches or {}),
                  extra_witnesses=extra_witnesses, kind="implementation")


@dataclass(frozen=True)
class Necessity:
    """An instance that violates the hypothesis ``dropped`` and breaks the conclusion."""

    name: str
    dropped: str
    instance: Instance


@dataclass(frozen=True)
class Theorem:
    """A theorem of the survey (or a user's bound) as an executable statement.

    ``statement`` is a sympy relation ``quantity REL bound`` (or an ``And`` of such relations)
    or a string that parses to one; its free symbols are the declared ``parameters`` and
    ``quantities``. ``measure(instance, context)`` returns the measured quantities: one value or a
    mapping from quantity name to value (see ``verify.measure``).
    """

    id: str
    title: str
    survey: str
    source: str
    statement: Any
    mode: str
    instances: Callable[[Budget], SearchStrategy]
    measure: Callable[[Instance, Context], Any]
    parameters: Sequence[Any] = ()
    quantities: Sequence[sympy.Symbol] = ()
    premises: Sequence[Premise] = ()
    proof: Sequence[Any] = ()
    witnesses: Sequence[Witness] = ()
    mutants: Sequence[Mutant] = ()
    necessity: Sequence[Necessity] = ()
    extremes: Callable[[Budget], Sequence[Instance]] | Sequence[Instance] = ()
    """Extreme instances the search always tries, at every budget (maximal constructions,
    near-ties, boundary values): a claim that fails only there is still falsified."""
    proof_complete: bool = False
    """True when the proof steps together establish the statement (then a verdict says
    ``proof: complete`` once every step is checked); otherwise they cover part of it."""
    sharp: bool = False
    partial: str | None = None
    notes: str = ""
    origin: str | None = None
    """The file the theorem was declared in (set by the loader)."""
    declared_in: str | None = None
    """The module whose code created this declaration (set automatically): a file's theorems
    are the ones it declares, not the ones it imports."""

    def __post_init__(self) -> None:
        if self.declared_in is None:
            object.__setattr__(self, "declared_in", _declaring_module())
        if not isinstance(self.id, str) or not _ID.match(self.id):
            raise MalformedTheorem(
                f"id {self.id!r} must look like 'section.slug': a lowercase section, a dot and "
                "a lowercase slug (letters, digits, '_'), e.g. 'mine.linear_pieces'",
                theorem=str(self.id), field="id", file=self.origin)
        if self.mode not in MODES:
            raise MalformedTheorem(f"mode {self.mode!r} is not one of {', '.join(MODES)}",
                                   theorem=self.id, field="mode", file=self.origin)
        object.__setattr__(self, "mode", Mode(self.mode))
        for name in ("instances", "measure"):
            if not callable(getattr(self, name)):
                raise MalformedTheorem(f"'{name}' must be callable", theorem=self.id, field=name,
                                       file=self.origin)
        object.__setattr__(self, "statement", self.parse(self.statement, "statement"))
        for witness in self.witnesses:
            if witness.claim is not None:
                object.__setattr__(witness, "claim",
                                   self.parse(witness.claim, f"witnesses[{witness.name}].claim"))

    def latex(self, relation: Any = None) -> str:
        """LaTeX for the statement (or another relation of this theorem) with the theorem's own
        quantity names."""
        return render_latex(self.statement if relation is None else relation, self.quantities)

    # -- symbols ---------------------------------------------------------------------------
    @property
    def symbols(self) -> dict[str, Any]:
        """Every declared parameter and quantity by name."""
        table = {str(p): p for p in self.parameters}
        table.update({str(q): q for q in self.quantities})
        return table

    def parse(self, relation: Any, where: str) -> Any:
        """Parse and check a relation: a string or sympy relation over declared symbols."""
        if isinstance(relation, str):
            try:
                relation = parse_expr(relation, local_dict=self.symbols,
                                      transformations=_TRANSFORMATIONS)
            except Exception as exc:  # sympy raises many types for bad input
                raise MalformedTheorem(f"does not parse as a relation: {exc}", theorem=self.id,
                                       field=where, file=self.origin) from None
        relations = relation.args if isinstance(relation, sympy.And) else (relation,)
        if not relations or not all(isinstance(r, Relational) for r in relations):
            raise MalformedTheorem(
                f"must be a relation 'quantity <= bound' (or ==, >=, <, >), got {relation!r}",
                theorem=self.id, field=where, file=self.origin)
        known = set(self.symbols.values())
        bases = {p for p in self.parameters if isinstance(p, sympy.IndexedBase)}
        bases |= {p.label for p in bases}
        free: set[Any] = set()
        for r in relations:
            for s in r.free_symbols:
                if isinstance(s, sympy.Indexed):
                    continue
                free.add(s)
        bound_vars = {v for r in relations for v in _bound_variables(r)}
        unknown = {s for s in free - known - bound_vars if s not in bases}
        if unknown:
            names = ", ".join(sorted(map(str, unknown)))
            raise MalformedTheorem(
                f"unknown symbol(s) {names}: declare them in 'parameters' or 'quantities'",
                theorem=self.id, field=where, file=self.origin)
        if not any(r.free_symbols & set(self.quantities) for r in relations):
            raise MalformedTheorem("no measured quantity appears in it; declare one in "
                                   "'quantities'", theorem=self.id, field=where, file=self.origin)
        return relation

    # -- variants ---------------------------------------------------------------------------
    def mutated(self, mutant: Mutant) -> Theorem:
        """The false variant described by ``mutant``, as a theorem of its own."""
        changes: dict[str, Any] = {"mutants": (), "necessity": ()}
        if mutant.statement is not None:
            changes["statement"] = mutant.statement
        if mutant.instances is not None:
            changes["instances"] = mutant.instances
        if mutant.premises is not None:
            changes["premises"] = tuple(mutant.premises)
        if mutant.measure is not None:
            changes["measure"] = mutant.measure
        # The mutant's own witnesses first: they are the instances built to falsify it.
        changes["witnesses"] = tuple(mutant.extra_witnesses) + tuple(self.witnesses)
        try:
            return dataclasses.replace(self, **changes)
        except MalformedTheorem as exc:
            raise MalformedTheorem(f"mutant {mutant.name!r}: {exc}", theorem=self.id,
                                   field="mutants", file=self.origin) from None

    def mutant(self, name: str) -> Mutant:
        for m in self.mutants:
            if m.name == name:
                return m
        known = ", ".join(m.name for m in self.mutants) or "none"
        raise KeyError(f"{self.id} has no mutant {name!r} (declared: {known})")

    @property
    def section(self) -> str:
        return self.id.split(".", 1)[0]


def _declaring_module() -> str | None:
    """The name of the first module up the call stack outside dlverify's engine and the
    standard library's dataclasses: where a ``Theorem(...)`` was written."""
    frame = sys._getframe(2)
    while frame is not None:
        name = frame.f_globals.get("__name__", "")
        if not (name.startswith("verify.core") or name == "dataclasses"):
            return str(name)
        frame = frame.f_back  # type: ignore[assignment]
    return None


def _bound_variables(expr: sympy.Basic) -> set[Any]:
    """Dummy variables of sums and products inside ``expr``."""
    out: set[Any] = set()
    for node in sympy.preorder_traversal(expr):
        if isinstance(node, (sympy.Sum, sympy.Product)):
            out.update(limit[0] for limit in node.limits)
    return out
