"""Section 6 of the catalog (survey §6.5, §6.6): subset sums, strong lottery tickets, and the
one-neuron stack of a saturated-linear RNN.

Private module: the section's public module imports these Theorem objects. Coverage of [−1, 1]
by subset sums is exact (``verify.domain.architectures.subset_sum``: dyadic samples, all sums or
merged intervals; ``.lottery``: the pruned random networks); the stack machine runs in Fractions
(``verify.domain.architectures.recurrent``). Sources: SOURCES.md T18;
THEOREMS.md Section 6. The constants C of Lueker and Pensia et al. are unspecified: the C used
here is a probe, stated in each theorem's notes.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np
import sympy
from hypothesis import strategies as st

from verify import (
    Budget,
    Context,
    Exact,
    Inequality,
    Instance,
    Mutant,
    Premise,
    Theorem,
    Witness,
    frequency,
    parameter,
    quantity,
)
from verify.domain.architectures.lottery import covers_all, pruned_error, random_net
from verify.domain.architectures.recurrent import OPS, stack_mismatches, stack_rnn
from verify.domain.architectures.subset_sum import (
    counting_radius_bound,
    coverage_radii,
    uniform_dyadic,
)
from verify.domain.networks.strategies import seeds

__all__ = ["subset_sum", "strong_lottery_ticket", "rnn_stack"]

F = Fraction
CONFIDENCE = 0.9999
BITS = 52
C_SUBSET = 4
"""The probe's constant in n ≥ C ln(2/min(ε, δ)) (natural log); unspecified in the source."""

n = parameter("n", integer=True, positive=True)
eps = parameter("epsilon", positive=True)
delta = parameter("delta", positive=True)
C = parameter("C", positive=True)

# --------------------------------------------------------------------------------------------
# arch.subset_sum
# --------------------------------------------------------------------------------------------

p_fail = quantity("p_fail", latex=r"\mathbb{P}(\exists z\in[-1,1]:\ \min_S|z-\sum_{S}X_i|>"
                                  r"\varepsilon)")
r_min = quantity("r_min", latex=r"\min_{\mathrm{trials}}\max_{z}\min_S|z-\sum_S X_i|")


def _trials(context: Context) -> int:
    return context.budget.pick(300, 1000, 3000)


def _needed(c: Any, e: Fraction, d: Fraction, loglog: bool = False) -> int:
    inner = sympy.log(2 / sympy.Rational(min(e, d)))
    return int(sympy.ceiling(c * (sympy.log(inner) if loglog else inner)))


def _subset_measure(instance: Instance, context: Context) -> dict[str, Any]:
    p = instance.params
    rng = np.random.default_rng(instance.data["seed"])
    trials = _trials(context)
    radii = coverage_radii(uniform_dyadic(rng, (trials, p["n"]), BITS), BITS)
    out: dict[str, Any] = {"r_min": Exact(min(radii))}
    if counting_radius_bound(p["n"]) > p["epsilon"]:
        out["p_fail"] = Exact(F(1))  # counting: every sample misses, P(fail) = 1 exactly
    else:
        out["p_fail"] = frequency(sum(r > p["epsilon"] for r in radii), trials, CONFIDENCE)
    return out


def _subset_instance(e: Fraction, d: Fraction, size: int, seed: int, c: Any = C_SUBSET
                     ) -> Instance:
    return Instance({"n": size, "epsilon": e, "delta": d, "C": c}, {"seed": seed})


def _subset_problems(rule: str) -> Any:
    @st.composite
    def draw_problem(draw: Any, budget: Budget) -> Instance:
        if rule == "theorem":
            top = budget.pick(4, 5, 5)
            e = F(1, 2 ** draw(st.integers(2, top)))
            d = F(1, 2 ** draw(st.integers(2, top)))
            size = _needed(C_SUBSET, e, d)
        elif rule == "C=2":
            e = d = F(1, 2 ** draw(st.integers(2, 5)))
            size = _needed(2, e, d)
        else:
            e = F(1, 2 ** draw(st.integers(20, 48)))
            d = F(1, 2 ** draw(st.integers(1, 4)))
            size = (int(sympy.ceiling(sympy.log(1 / e, 2) / 2)) if rule == "half"
                    else _needed(C_SUBSET, e, d, loglog=True))
        return _subset_instance(e, d, size, draw(seeds()), 2 if rule == "C=2" else C_SUBSET)
    return draw_problem


def _enough(i: Instance) -> bool:
    p = i.params
    return bool(sympy.Integer(p["n"]) >= p["C"] * sympy.log(2 / sympy.Rational(
        min(p["epsilon"], p["delta"]))))


_UNIT = (Premise("ε, δ in (0, 1)", lambda i: 0 < i.params["epsilon"] < 1
                 and 0 < i.params["delta"] < 1),)

subset_sum = Theorem(
    id="arch.subset_sum",
    title="Random subset sums: n ≥ C ln(2/min(ε, δ)) Uniform[−1, 1] samples ε-cover [−1, 1] "
          "with probability ≥ 1 − δ",
    survey="§6.5 (pruning and the strong lottery ticket hypothesis)",
    source="Lueker (1998), Random Struct. Alg. 12; Pensia et al. (NeurIPS 2020) Lemma 1 / "
           "Cor. 3.3 as cited there; SOURCES T18",
    statement=sympy.And(sympy.Le(p_fail, delta), sympy.Ge(r_min, 2 ** (-n))),
    parameters=(n, eps, delta, C),
    quantities=(p_fail, r_min),
    mode="statistical",
    instances=_subset_problems("theorem"),
    measure=_subset_measure,
    premises=(*_UNIT, Premise("n ≥ C ln(2/min(ε, δ))", _enough)),
    proof=(
        Inequality("counting: 2^n sums whose r-neighbourhoods cover [−1, 1] (length 2) need "
                   "2^n·2r ≥ 2, i.e. r ≥ 2^(−n); so ε-coverage needs n ≥ log₂(1/ε). With C = 4 "
                   "the premise gives n ≥ 4 ln(2/ε) ≥ log₂(1/ε)",
                   sympy.log(1 / eps) / sympy.log(2), 4 * sympy.log(2 / eps),
                   {eps: sympy.Interval.open(0, 1)}),
    ),
    witnesses=(
        Witness("ε = δ = 1/16, n = ⌈4 ln 32⌉ = 14", _subset_instance(F(1, 16), F(1, 16), 14, 7),
                note="empirical failure ≈ 0.03 ≤ 1/16"),
    ),
    mutants=(
        Mutant("half log2", "n = ⌈½ log₂(1/ε)⌉ samples suffice",
               instances=_subset_problems("half"), premises=_UNIT,
               extra_witnesses=(Witness("ε = 2^−20, n = 10", _subset_instance(
                   F(1, 2**20), F(1, 4), 10, 3)),)),
        Mutant("log log", "n = ⌈C ln ln(2/min(ε, δ))⌉ samples suffice (C = 4)",
               instances=_subset_problems("loglog"), premises=_UNIT,
               extra_witnesses=(Witness("ε = 2^−40, δ = 1/4, n = ⌈4 ln ln 2^41⌉ = 14",
                                        _subset_instance(F(1, 2**40), F(1, 4), 14, 5)),)),
        Mutant("C = 2", "the constant C = 2 suffices (statistical: exact coverage per trial)",
               instances=_subset_problems("C=2"), premises=_UNIT,
               extra_witnesses=(Witness("ε = δ = 1/16, n = ⌈2 ln 32⌉ = 7",
                                        _subset_instance(F(1, 16), F(1, 16), 7, 9, 2)),)),
    ),
    notes="""C is an unspecified universal constant (SOURCES T18; Lueker's paper and Pensia et
al.'s Lemma 1 were not re-read here): this check is a PROBE of the statement with C = 4 (natural
log) chosen explicitly. A scan before fixing it (2000 trials each, ε = δ): C = 3 fails at
ε = δ = 1/16 (failure ≈ 0.11), C = 4 gives ≈ 0.10, 0.04, 0.03, 0.004 at ε = δ = 1/4, 1/8, 1/16,
1/32. Samples are uniform on the dyadic grid k/2^52 of [−1, 1] (numpy's float64 uniform grid),
so each trial's coverage radius is exact (all 2^n sums sorted, largest gap); the failure
frequency is judged by its Clopper–Pearson interval at level 0.9999. Exact part: every trial's
radius is ≥ 2^(−n) (counting); when 2^(−n) > ε the counting lemma makes P(fail) = 1 exactly,
which falsifies the ½·log₂ and log log mutants deterministically. The mutant "C = 2" is falsified
statistically. Instances: ε, δ ∈ {1/4, …, 1/16} (1/32 at standard), n ≤ 17.""",
)

# --------------------------------------------------------------------------------------------
# arch.strong_lottery_ticket
# --------------------------------------------------------------------------------------------

C_LOTTERY = 10
LOTTERY_DELTA = F(1, 1024)
m = parameter("m", integer=True, positive=True)
err_all = quantity("err_all", latex=r"\sup_{|w|\le1}\min_S\sup_{|x|\le1}|wx-g_S(x)|\le"
                                    r"\varepsilon\ \mathrm{fails}")
err_w = quantity("err_w", latex=r"\sup_{|x|\le1}|wx-g_{S(w)}(x)|")
width_needed = quantity("width_needed", latex=r"m^*")


def _lottery_measure(instance: Instance, context: Context) -> dict[str, Any]:
    p, d = instance.params, instance.data
    cap = max(p["m"], 160)
    u, v = random_net(d["seed"], cap)
    e = p["epsilon"]
    lo, hi = 0, cap + 1  # coverage is monotone in the prefix width: bisect
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (lo, mid) if covers_all(u[:mid], v[:mid], e) else (mid, hi)
    needed = hi
    return {"err_all": Exact(int(needed > p["m"])),
            "err_w": Exact(pruned_error(u[:p["m"]], v[:p["m"]], d["target"])),
            "width_needed": Exact(needed)}


def _lottery_instance(e: Fraction, width: int, seed: int, target: Fraction) -> Instance:
    return Instance({"m": width, "epsilon": e, "delta": LOTTERY_DELTA, "C": C_LOTTERY},
                    {"seed": seed, "target": target})


def _lottery_problems(rule: str) -> Any:
    @st.composite
    def draw_problem(draw: Any, budget: Budget) -> Instance:
        e = F(1, 2 ** draw(st.integers(2, budget.pick(4, 5, 6))))
        width = {"theorem": _needed(C_LOTTERY, e, LOTTERY_DELTA), "one": 1,
                 "counting": int(sympy.ceiling(sympy.log(1 / e, 2)))}[rule]
        target = F(draw(st.integers(-2**10, 2**10)), 2**10)
        return _lottery_instance(e, width, draw(seeds()), target)
    return draw_problem


strong_lottery_ticket = Theorem(
    id="arch.strong_lottery_ticket",
    title="Strong lottery ticket: pruning a random net of logarithmic width ε-approximates "
          "a target weight",
    survey="§6.5 (pruning and the strong lottery ticket hypothesis)",
    source="Malach et al. (ICML 2020) Thm 2.1; Pensia et al. (NeurIPS 2020) Thm 1; SOURCES T18",
    statement=sympy.And(sympy.Le(err_all, 0), sympy.Le(err_w, eps),
                        sympy.Ge(width_needed, 2 * sympy.log(1 / eps, 2))),
    parameters=(m, eps, delta, C),
    quantities=(err_all, err_w, width_needed),
    mode="sampled",
    instances=_lottery_problems("theorem"),
    measure=_lottery_measure,
    premises=(Premise("m ≥ C ln(2/min(ε, δ))", lambda i: i.params["m"] >= _needed(
        i.params["C"], i.params["epsilon"], i.params["delta"])),),
    mutants=(
        Mutant("width 1", "one random hidden neuron suffices",
               instances=_lottery_problems("one"), premises=()),
        Mutant("below counting", "width ⌈log₂(1/ε)⌉ (half the counting bound) suffices",
               instances=_lottery_problems("counting"), premises=()),
    ),
    partial="one target weight (f(x) = w x on [−1, 1]) in a one-hidden-layer random ReLU "
            "network; the theorem's constants are unspecified (probe C = 10, δ = 2^−10)",
    notes="""Pensia et al.'s building block: a target weight w (|w| ≤ 1, x ∈ [−1, 1]) and a
random network g(x) = Σ_{i≤m} v_i σ(u_i x) with u_i, v_i uniform on the dyadic grid k/2^20 of
[−1, 1]. Pruning neurons gives g_S(x) = x Σ_{S,u>0} u_i v_i (x ≥ 0) and x Σ_{S,u<0} u_i v_i
(x < 0), so approximating every |w| ≤ 1 is exactly subset-sum coverage of [−1, 1] by the
products on each side (decided exactly by merged intervals). Measured: err_all = 1 when the
width-m net cannot ε-approximate every target; err_w, the exact sup error of the network pruned
for a random target w (subset sums over at most 24 neurons per side); width_needed, the smallest
prefix width covering every target, which must be ≥ 2 log₂(1/ε) (counting on each side). The
theorem's width C·ln(2/min(ε, δ)) has an unspecified C: this is a probe with C = 10 and δ = 2^−10,
the mode sampled (one failure, an event of probability ≤ δ under the probe, counts). A scan of
100 draws gave width_needed median 24/29/30 and max 52/57/54 at ε = 1/4, 1/8, 1/16, against
the probe width 91–104 and the counting bound 4/6/8: the needed width grows slowly with
log(1/ε), but the constant is large because products u·v concentrate near 0. Not checked: the
multi-layer theorem, the constants, and Malach et al.'s polynomial width.""",
)

# --------------------------------------------------------------------------------------------
# arch.rnn_stack
# --------------------------------------------------------------------------------------------

depth = parameter("T", integer=True, nonnegative=True)
mismatches = quantity("mismatches")


def _stack_problems(budget: Budget) -> Any:
    ops = st.lists(st.sampled_from(OPS), max_size=budget.pick(30, 60, 120))
    return ops.map(lambda o: Instance({"T": len(o)}, {"ops": tuple(o)}))


def _stack_measure(base: int) -> Any:
    def measure(instance: Instance, context: Context) -> Exact:
        return Exact(stack_mismatches(stack_rnn(base), instance.data["ops"], base))
    return measure


def _ops_instance(*ops: str) -> Instance:
    return Instance({"T": len(ops)}, {"ops": ops})


rnn_stack = Theorem(
    id="arch.rnn_stack",
    title="A saturated-linear RNN stores a stack in one neuron (base-4 Cantor code) and performs "
          "push, pop and top exactly",
    survey="§6.6 (RNNs are Turing complete)",
    source="Siegelmann & Sontag (1995), J. Comput. Syst. Sci. 50",
    statement=sympy.Eq(mismatches, 0),
    parameters=(depth,),
    quantities=(mismatches,),
    mode="exact",
    instances=_stack_problems,
    measure=_stack_measure(4),
    witnesses=(Witness("push 1, push 0, pop, pop, pop (pop on empty)", _ops_instance(
        "push1", "push0", "pop", "pop", "pop", "read")),),
    mutants=(
        Mutant("base 2", "base-2 coding: push b: q/2 + b/2, top σ(2q − 1), pop 2q − top",
               measure=_stack_measure(2),
               extra_witnesses=(Witness("push 1: q = 1/2, top = σ(0) = 0 ≠ 1",
                                        _ops_instance("push1")),)),
    ),
    notes="""Each step is three affine+σ layers (σ the saturated-linear activation) on the state
q and the one-hot input (push0, push1, pop): layer 1 computes q, top = σ(4q − 2) and the gated
push branches, layer 2 the gated pop σ(4q − 1 − 2·top), layer 3 their sum (a single-layer RNN
running three ticks per symbol is equivalent, as in Siegelmann–Sontag's pipelining). Measured in
Fractions on hypothesis-drawn operation sequences against a Python list: a mismatch is a step
whose state differs from the Cantor code of the list or whose readout (top, nonempty) =
(σ(4q − 2), σ(4q)) differs. Pop on an empty stack leaves it empty (σ(−1) = 0). The base-2
mutant fails exactly: after push 1, q = 1/2 and σ(2q − 1) = 0; also push 0 onto the empty stack
leaves q = 0, indistinguishable from empty: without the gaps of the Cantor set a saturated-linear
neuron cannot read the top bit.""",
)
