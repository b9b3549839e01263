"""Section 1 of the survey (§1.2–1.3): capacity of halfspaces and ReLU networks, interpolation.

Theorems: ``learning.cover_dichotomies`` (Cover's function counting theorem, VC dimension of
halfspaces, Sauer–Shelah), ``learning.vc_relu`` (growth-function lower estimates of small ReLU
networks against Bartlett–Harvey–Liaw–Mehrabian's upper bound) and ``learning.interpolation``
(m − 1 hidden ReLU neurons interpolate m points). The catalog module ``theorems/learning.py``
imports them. Sources and their reliability are recorded in each theorem's ``notes``.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from itertools import accumulate

import sympy
from hypothesis import strategies as st

from verify import (
    Budget,
    Context,
    Identity,
    Instance,
    Mutant,
    Necessity,
    Premise,
    Theorem,
    Witness,
    implementation_mutant,
    parameter,
    quantity,
    single_cpu_thread,
)
from verify.domain.learning.counting import cover, moment_curve, sauer
from verify.domain.learning.dichotomies import (
    SauerShelah,
    count_dichotomies,
    dichotomies,
    in_affine_general_position,
    in_general_position,
    largest_shattered,
)
from verify.domain.networks.exact import ExactNetwork
from verify.domain.networks.interpolation import (
    all_distinct,
    hidden_neurons,
    interpolating_network,
    max_interpolation_error,
)
from verify.domain.networks.interpolation_bounds import collinear_forced_pieces
from verify.domain.networks.sign_changes import piece_bound_1d, sign_sequence_count
from verify.domain.networks.sign_patterns import architecture_parameters, sign_patterns
from verify.domain.networks.strategies import dyadic, hidden_widths, seeds

F = Fraction
m = parameter("m", integer=True, positive=True)
d = parameter("d", integer=True, positive=True)


# --------------------------------------------------------------------------------------------
# learning.cover_dichotomies
# --------------------------------------------------------------------------------------------

homogeneous = quantity("homogeneous", latex=r"\#\{\text{homogeneous dichotomies}\}")
affine = quantity("affine", latex=r"\#\{\text{affine dichotomies}\}")
shattered = quantity("shattered", latex=r"\max\{|S| : S \text{ shattered by halfspaces}\}")


def _cover_instances(budget: Budget) -> st.SearchStrategy[Instance]:
    reach = budget.pick(20, 50, 100)

    def build(args: tuple[int, int]) -> st.SearchStrategy[Instance]:
        dim, size = args
        coordinate = st.integers(-reach, reach)
        scattered = st.lists(st.tuples(*(coordinate for _ in range(dim))), min_size=size,
                             max_size=size).map(tuple)
        curve = st.lists(st.integers(-12, 12).filter(bool), min_size=size, max_size=size,
                         unique=True).map(lambda ts: moment_curve(ts, dim))
        return st.one_of(scattered, curve).map(
            lambda pts: Instance({"m": size, "d": dim}, {"points": pts}))

    return st.tuples(st.integers(1, budget.pick(3, 3, 4)),
                     st.integers(1, budget.pick(9, 10, 11))).flatmap(build)


def _cover_measure(instance: Instance, context: Context) -> dict[str, object]:
    """Exact counts: every labeling is decided by an exact simplex with a verified certificate."""
    points = instance.data["points"]
    affine_labelings = dichotomies(points, affine=True)
    return {"homogeneous": count_dichotomies(points),
            "affine": len(affine_labelings),
            "shattered": largest_shattered(affine_labelings, len(points))}


def _shape_matches(instance: Instance) -> bool:
    points = instance.data["points"]
    return len(points) == instance.params["m"] and all(len(p) == instance.params["d"]
                                                       for p in points)


def _cover_case(points: Sequence[Sequence[int]], label: str = "") -> Instance:
    return Instance({"m": len(points), "d": len(points[0])}, {"points": tuple(map(tuple, points))},
                    label=label)


_dichotomies = dichotomies


def _without_negations(points: Sequence[Sequence[int]], affine: bool = False) -> dict:
    """Planted bug: only the labelings with x_1 positive (the negations never added)."""
    return {k: v for k, v in _dichotomies(points, affine).items() if k and k[0]}


def _no_lift(points: Sequence[tuple[Fraction, ...]]) -> list[tuple[Fraction, ...]]:
    """Planted bug: the lift x ↦ (x, 1) of affine halfspaces forgotten."""
    return list(points)


cover_homogeneous = sympy.Eq(homogeneous, cover(m, d))
cover_consequences = (sympy.Eq(affine, cover(m, d + 1)), sympy.Le(affine, sauer(m, d + 1)),
                      sympy.Eq(shattered, sympy.Min(m, d + 1)))
cover_statement = sympy.And(cover_homogeneous, *cover_consequences)

cover_dichotomies = Theorem(
    id="learning.cover_dichotomies",
    title="Cover's function counting theorem: m points in general position in R^d have "
          "C(m, d) homogeneous and C(m, d + 1) affine dichotomies; VCdim(halfspaces) = d + 1",
    survey="§1.2 (VC dimension and the growth function)",
    source="Cover (1965), Geometrical and statistical properties of systems of linear "
           "inequalities, Thm 1; Sauer (1972), Shelah (1972)",
    statement=cover_statement,
    parameters=(m, d),
    quantities=(homogeneous, affine, shattered),
    mode="exact",
    sharp=True,
    instances=_cover_instances,
    measure=_cover_measure,
    premises=(
        Premise("m points of R^d", _shape_matches),
        Premise("general position: every min(m, d) points linearly independent",
                lambda i: in_general_position(i.data["points"])),
        Premise("affine general position: every min(m, d + 1) points affinely independent",
                lambda i: in_affine_general_position(i.data["points"])),
    ),
    proof=(
        Identity("m ≤ d: C(m, m) = 2^m, so d + 1 affinely independent points are shattered",
                 cover(m, m).doit(), 2**m),
        Identity("Radon: C(d + 2, d + 1) = 2^(d+2) − 2 < 2^(d+2), so no d + 2 points are "
                 "shattered and VCdim = d + 1", cover(d + 2, d + 1).doit(), 2 ** (d + 2) - 2),
        Identity("Cover's recurrence for d = 3 (adding a point splits C(m, d − 1) cells): "
                 "C(m + 1, 3) = C(m, 3) + C(m, 2)",
                 cover(m + 1, 3).doit(), (cover(m, 3) + cover(m, 2)).doit()),
        Identity("Cover's recurrence C(m + 1, d) = C(m, d) + C(m, d − 1) for general d",
                 cover(m + 1, d), cover(m, d) + cover(m, d - 1)),
        Identity("Sauer–Shelah is not tight for halfspaces: Σ_{i≤3} binom(m, i) − C(m, 3) = "
                 "binom(m − 1, 3) (d = 2)", (sauer(m, 3) - cover(m, 3)).doit(),
                 sympy.binomial(m - 1, 3)),
    ),
    witnesses=(
        Witness("10 points on the moment curve in R³", _cover_case(
            moment_curve(range(1, 11), 3), "moment curve"), attains=True),
        Witness("4 points in R³: every labeling is affine (C(4, 4) = 16)", _cover_case(
            moment_curve((1, -2, 3, 5), 3), "moment curve"), attains=True),
        Witness("12 points in the plane", _cover_case(
            moment_curve((-6, -5, -4, -3, -2, -1, 1, 2, 3, 4, 5, 6), 2)), attains=True),
    ),
    mutants=(
        Mutant("dimension one lower", "homogeneous count C(m, d − 1)",
               statement=sympy.And(sympy.Eq(homogeneous, cover(m, d - 1)),
                                   *cover_consequences)),
        Mutant("bias adds nothing", "affine count C(m, d)",
               statement=sympy.Eq(affine, cover(m, d))),
        Mutant("VC dimension d", "Sauer–Shelah with VCdim(halfspaces) = d",
               statement=sympy.Le(affine, sauer(m, d))),
        implementation_mutant(
            "negations forgotten", "the enumeration fixes x_1 on the positive side and does "
            "not add the negated labelings at the end (every count halved)",
            patches={"theorems.learning.capacity.dichotomies": _without_negations}),
        implementation_mutant(
            "affine lift forgotten", "affine dichotomies counted without lifting x to (x, 1)",
            patches={"verify.domain.learning.dichotomies._lift": _no_lift}),
    ),
    necessity=(
        Necessity("three collinear points in the plane: 6 affine dichotomies, not 8",
                  "affine general position: every min(m, d + 1) points affinely independent",
                  _cover_case(((1, 0), (2, 1), (3, 2)))),
        Necessity("two parallel vectors: 4 homogeneous dichotomies, not 6",
                  "general position: every min(m, d) points linearly independent",
                  _cover_case(((1, 0), (2, 0), (0, 1)))),
    ),
    notes="""Cover (1965) Thm 1 (the function counting theorem) in its standard form, which
THEOREMS.md gives and which textbooks agree on (e.g. Abu-Mostafa et al.; Shalev-Shwartz &
Ben-David state VCdim of halfspaces = d + 1); Cover's paper itself was not read. Dichotomies are
strict separations (sign(wᵀx_i) = label_i, no point on the hyperplane). They are enumerated
exactly: labelings are grown point by point and each new one is decided by a phase-one simplex
in rationals on Gordan's alternative, whose answer is verified exactly before use (a separating
w, or λ ≥ 0 with Σλ = 1 and Σ λ_i y_i x_i = 0). General position is checked exactly (ranks of
every min(m, d)-subset; affine: of the lifted points (x, 1)). The counts are independent of the
formula, so equality proves Cover's count for each instance; the largest shattered subset of
the affine labelings is d + 1 when m ≥ d + 1 (no d + 2 points are shattered: Radon), and
Sauer–Shelah holds with the slack binom(m − 1, d + 1). The necessity cases show that both
general-position hypotheses matter. Implementation mutants (negations never added, the affine
lift forgotten) change the exact counts and fail the equalities. The general recurrence is
beyond sympy (unchecked); its d = 3 instance and the two boundary identities are checked.""",
)


# --------------------------------------------------------------------------------------------
# learning.vc_relu (partial)
# --------------------------------------------------------------------------------------------

W_ = parameter("W", integer=True, positive=True)
L_ = parameter("L", integer=True, positive=True)
U_ = parameter("U", integer=True, positive=True)
H_ = parameter("H", integer=True, nonnegative=True)
C_ = parameter("C", integer=True, nonnegative=True)
Lbar = parameter("Lbar", positive=True)
patterns = quantity("patterns", latex=r"\#\{\operatorname{sgn}\Phi_\theta(x_{1:m})\}")

RELU_PIECES = 2
bhlm_bound = L_ + Lbar * W_ * sympy.log(
    4 * sympy.E * RELU_PIECES * U_ * sympy.log(2 * sympy.E * RELU_PIECES * U_, 2), 2)
"""Bartlett, Harvey, Liaw, Mehrabian (2019), upper bound on VCdim(sgn F) as recorded in SOURCES
T6 [M]: L + L̄ W log₂(4e p U log₂(2e p U)), p = 2 pieces for ReLU."""


class SignSequences(sympy.Function):
    """2 Σ_{i ≤ min(C, m − 1)} binom(m − 1, i): the ±-sequences of length m with at most C sign
    changes, as a sympy function that evaluates once m and C are integers."""

    nargs = 2

    @classmethod
    def eval(cls, m, changes):  # type: ignore[override]
        if m.is_Integer and changes.is_Integer:
            return sympy.Integer(sign_sequence_count(int(m), int(changes)))
        return None

    def _latex(self, printer):  # noqa: ANN001
        m, c = (printer._print(a) for a in self.args)
        return rf"2\sum_{{i=0}}^{{\min({c}, {m} - 1)}} \binom{{{m} - 1}}{{i}}"


def allowed_changes(arch: Sequence[int], points: int) -> int:
    """The sign changes a ReLU network can have on ``points`` points: its piece bound ∏(n_ℓ + 1)
    for one input (capped at m − 1), and m − 1 (no restriction) for more inputs."""
    if arch[0] != 1:
        return max(points - 1, 0)
    return min(piece_bound_1d(arch), max(points - 1, 0))


def _vc_params(arch: Sequence[int], points: int) -> dict[str, object]:
    return {**architecture_parameters(arch, points), "C": allowed_changes(arch, points)}


def _vc_instances(budget: Budget) -> st.SearchStrategy[Instance]:
    members, labelings = budget.pick(64, 128, 256), budget.pick(256, 512, 1024)

    def build(args: tuple[int, tuple[int, ...], int]) -> st.SearchStrategy[Instance]:
        n0, hidden, size = args
        arch = (n0, *hidden, 1)
        point = st.tuples(*(dyadic(-1, 1, 6) for _ in range(n0)))
        return st.tuples(st.lists(point, min_size=size, max_size=size, unique=True),
                         seeds()).map(lambda v: Instance(
                             _vc_params(arch, size),
                             {"arch": arch, "points": tuple(v[0]), "seed": v[1],
                              "members": members, "labelings": labelings}))

    small = st.tuples(st.integers(1, 2), hidden_widths((1, 2), (1, budget.pick(4, 6, 8))),
                      st.integers(1, budget.pick(16, 32, 64)))
    # one input, one hidden layer, a few more points than neurons: the piece-count clause is
    # below 2^m there and the construction reaches most of it
    narrow = st.integers(1, budget.pick(4, 5, 6)).flatmap(
        lambda n: st.tuples(st.just(1), st.just((n,)), st.integers(n + 2, n + 6)))
    # one neuron on more points than its bound V ≈ 47.6: there Σ_{i≤⌊V⌋} binom(m, i) < 2^m
    beyond = st.tuples(st.just(1), st.just((1,)), st.integers(48, budget.pick(56, 64, 80)))
    return st.one_of(small, narrow, beyond).flatmap(build)


def _vc_measure(instance: Instance, context: Context) -> object:
    data = instance.data
    with single_cpu_thread(context.device):  # small tensors: threads cost more than they save
        return len(sign_patterns(data["arch"], data["points"], data["seed"], data["members"],
                                 data["labelings"], context.device))


def _line_case(width: int, points: int, labelings: int = 4096) -> Instance:
    """``points`` points on a line and one hidden layer of ``width`` neurons."""
    arch = (1, width, 1)
    xs = tuple((F(k * k + k, 3),) for k in range(points))
    return Instance(_vc_params(arch, points),
                    {"arch": arch, "points": xs, "seed": 0, "members": 64,
                     "labelings": labelings},
                    label=f"{points} points on a line, one hidden layer of {width}")


def _shattering_case(width: int) -> Instance:
    """width + 1 points on a line and one hidden layer of ``width``: all labelings constructed."""
    return _line_case(width, width + 1, 2 ** (width + 1))


def _counted_with_duplicates(instance: Instance, context: Context) -> object:
    """Planted bug: every constructed or sampled network's pattern is counted, duplicates
    included (a list where a set was meant)."""
    data = instance.data
    found = sign_patterns(data["arch"], data["points"], data["seed"], data["members"],
                          data["labelings"], context.device)
    return len(found) + sum(1 for p in found if p[0])


vc_relu = Theorem(
    id="learning.vc_relu",
    title="VC dimension of ReLU networks is O(W L log W): sign patterns of small networks stay "
          "below the Sauer–Shelah value of the explicit upper bound, and below the count the "
          "piece bound allows for one input",
    survey="§1.2 (VC dimension of neural network classes)",
    source="Bartlett, Harvey, Liaw, Mehrabian (2019), Nearly-tight VC-dimension and "
           "pseudodimension bounds for piecewise linear neural networks, JMLR 20(63), upper "
           "bound (Thm 6/7) and lower bound (Thm 3)",
    statement=sympy.And(sympy.Le(patterns, SauerShelah(m, bhlm_bound)),
                        sympy.Le(patterns, SignSequences(m, C_))),
    parameters=(m, W_, L_, U_, H_, Lbar, C_),
    quantities=(patterns,),
    mode="sampled",
    instances=_vc_instances,
    measure=_vc_measure,
    premises=(
        Premise("W, L, U, H, L̄ are those of the architecture", lambda i: {
            k: v for k, v in _vc_params(i.data["arch"], len(i.data["points"])).items()
            if k != "C"} == {k: v for k, v in i.params.items() if k != "C"}),
        Premise("C = the piece bound ∏(n_ℓ + 1) for one input (capped at m − 1), m − 1 "
                "otherwise", lambda i: i.params["C"] == allowed_changes(
                    i.data["arch"], len(i.data["points"]))),
        Premise("distinct points", lambda i: all_distinct(i.data["points"])),
    ),
    witnesses=(
        Witness("4 points shattered by 3 hidden neurons", _shattering_case(3),
                claim=sympy.Eq(patterns, 2**m)),
        Witness("10 points shattered by 9 hidden neurons", _shattering_case(9),
                claim=sympy.Eq(patterns, 2**m)),
        Witness("one neuron on 12 points of a line: exactly the 2m monotone patterns",
                _line_case(1, 12), claim=sympy.Eq(patterns, SignSequences(m, H_)),
                note="a (1, 1, 1) network is monotone: at most one sign change, and every "
                     "such labeling is realized (growth function 2m = 24)"),
        Witness("two neurons on 9 points of a line: exactly the patterns with ≤ 2 changes",
                _line_case(2, 9), claim=sympy.Eq(patterns, SignSequences(m, H_)),
                note="growth function 2(1 + 8 + 28) = 74 for width 2 (derived: three "
                     "alternating non-constant pieces are impossible with two neurons)"),
        Witness("three neurons on 5 points: ≥ 30 of the piece bound's 32",
                _line_case(3, 5), claim=sympy.Ge(patterns, SignSequences(m, H_)),
                note="every labeling with ≤ 3 changes is constructed: ratio ≥ 30/32 ≈ 0.94 to "
                     "the piece-count clause"),
    ),
    mutants=(
        Mutant("VC dimension at most the hidden units", "VCdim ≤ H (number of hidden neurons)",
               statement=sympy.Le(patterns, SauerShelah(m, H_))),
        Mutant("logarithmic in W", "VCdim ≤ L log₂ W (the factor W dropped)",
               statement=sympy.Le(patterns, SauerShelah(m, L_ * sympy.log(W_, 2)))),
        Mutant("one change fewer", "at most C − 1 sign changes (for one hidden layer: n pieces, "
               "the + 1 of the piece bound dropped)",
               statement=sympy.Le(patterns, SignSequences(m, C_ - 1))),
        implementation_mutant(
            "duplicates counted", "patterns counted in a list, not a set: those starting "
            "with + are counted twice", measure=_counted_with_duplicates),
    ),
    partial="Only lower estimates of the growth function are measured: the sign patterns that "
            "sampled and constructed parameters realize on the drawn points, each confirmed "
            "exactly. They are compared with two upper bounds: the Sauer–Shelah value "
            "Σ_{i≤⌊V⌋} binom(m, i) of Bartlett et al.'s explicit bound V, which is 2^m "
            "(vacuous) unless m > V (one family puts 48 or more points on one neuron, "
            "V ≈ 47.6), and, for one input, the exact count 2 Σ_{i≤C} binom(m − 1, i) of "
            "sign sequences with at most C = ∏(n_ℓ + 1) changes (the piece bound behind "
            "such VC bounds), the informative clause here. The true growth function (a "
            "maximum over all parameters), the lower bound Ω(W L log(W/L)) (its constant is "
            "not recorded), the asymptotic rates and the piece clause for more than one input "
            "(set to 2^m) are not checked.",
    notes="""Abstract of Bartlett, Harvey, Liaw, Mehrabian (arXiv:1703.02930; read in the stored
abstract): VCdim = O(W L log W), examples with Ω(W L log(W/L)), and Θ(W U) in terms of the units.
The explicit form encoded, L + L̄·W·log₂(4e·p·U·log₂(2e·p·U)) with p = 2 and L̄ = (1/W) Σ_i W_i,
is SOURCES T6 and marked [M] (from memory): the paper's Theorem 7 was not read. Two readings
differ from it: 'p + 1 pieces' (p = 1 for ReLU) and R = Σ_i i·k_i in place of U; both change V
by a few units, and no instance checked here comes near V, so the reading does not decide any
verdict. For small networks that clause is vacuous (V ≈ 47 exceeds m); it stays as the survey's
statement. The informative clause counts sign sequences (derived here, verify.domain.networks.
sign_changes): with one input a ReLU network is continuous and piecewise affine with at most
∏(n_ℓ + 1) pieces, each piece adds at most one sign change, so at most
2 Σ_{i≤∏(n_ℓ+1)} binom(m − 1, i) patterns occur on m points. Patterns are counted exactly:
random networks (weights rounded to 1/64, seeded by hypothesis) are evaluated in floats to
propose patterns, and each distinct one is re-evaluated in rationals; with one input every
labeling with ≤ n_1 sign changes is constructed (a kink at the last point of each run, left
piece constant, carried through deeper layers by (ρ(f), ρ(−f))), with more inputs labelings are
interpolated at the ends of their runs along a direction. Witnesses: n + 1 points on a line are
shattered by n neurons (VCdim ≥ n + 1; they falsify 'VCdim ≤ H' and 'VCdim ≤ L log₂ W');
widths 1 and 2 give exactly 2 Σ_{i≤n} binom(m − 1, i) patterns (a claim of equality: n = 1 is
monotone; for n = 2 the output slopes are a_0 + Σ_{j∈S} γ_j with S the left-oriented neurons,
and no choice of S gives three non-constant pieces of alternating slope), so a count that is
doubled or halved fails there; width 3 on 5 points reaches ≥ 30 of the 32 the piece bound
allows (3 neurons can make 4 changes, so there it is not exact). Mutant 'one change fewer'
(C − 1 changes) is falsified by the shattering witnesses.""",
)


# --------------------------------------------------------------------------------------------
# learning.interpolation
# --------------------------------------------------------------------------------------------

max_error = quantity("max_error", latex=r"\max_i |\Phi(x_i) - y_i|")
neurons = quantity("neurons", latex=r"\#\mathrm{neurons}(\Phi)")
pieces_forced = quantity("forced_pieces", latex=r"\#\mathrm{pieces\ forced\ by\ the\ data}")


def _unique(points: Sequence[Sequence[Fraction]], values: Sequence[Fraction]
            ) -> tuple[list[tuple[Fraction, ...]], list[Fraction]]:
    """The first occurrence of every point (the construction needs distinct points)."""
    seen: dict[tuple[Fraction, ...], Fraction] = {}
    for p, y in zip(points, values, strict=True):
        seen.setdefault(tuple(p), y)
    return list(seen), list(seen.values())


def _interpolation_instances(budget: Budget) -> st.SearchStrategy[Instance]:
    def build(args: tuple[int, int]) -> st.SearchStrategy[Instance]:
        dim, size = args
        point = st.tuples(*(dyadic(-4, 4, 3) for _ in range(dim)))
        value = dyadic(-8, 8, 4)
        data = st.tuples(st.lists(point, min_size=size, max_size=size, unique=True),
                         st.lists(value, min_size=size, max_size=size))
        return data.map(lambda v: Instance({"m": size, "d": dim},
                                           {"points": tuple(v[0]), "values": tuple(v[1])}))

    return st.tuples(st.integers(1, budget.pick(4, 5, 6)),
                     st.integers(1, budget.pick(16, 32, 48))).flatmap(build)


def _interpolation_measure(instance: Instance, context: Context) -> dict[str, object]:
    """Construct the network in rationals and evaluate it exactly at every data point."""
    points, values = instance.data["points"], instance.data["values"]
    unique_points, unique_values = _unique(points, values)
    net = interpolating_network(unique_points, unique_values)
    return {"max_error": max_interpolation_error(net, points, values),
            "neurons": hidden_neurons(net),
            "forced_pieces": collinear_forced_pieces(unique_points, unique_values)}


def zigzag(size: int, dim: int = 1) -> Instance:
    """Alternating values 0, 1, 0, … at x = k·e_1 (k = 0..size−1): every interpolant needs
    size − 1 pieces on that line."""
    points = tuple(tuple(F(k) if j == 0 else F(0) for j in range(dim)) for k in range(size))
    return Instance({"m": size, "d": dim},
                    {"points": points, "values": tuple(F(k % 2) for k in range(size))},
                    label=f"zig-zag data, {size} points")


_interpolating_network = interpolating_network


def _slopes_not_differenced(points: Sequence[Sequence[Fraction]], values: Sequence[Fraction]
                            ) -> ExactNetwork:
    """Planted bug: the output weights are the slopes s_j, not their increments c_j."""
    net = _interpolating_network(points, values)
    if len(net.layers) == 1:
        return net
    (h_w, h_b), (out_w, out_b) = net.layers
    return ExactNetwork.from_lists([(h_w, h_b), ([list(accumulate(out_w[0]))], out_b)])


def _neurons_with_output(net: ExactNetwork) -> int:
    """Planted bug: the output unit counted as a hidden neuron."""
    return sum(net.widths[1:])


def _construction_at(k: int, size: int) -> tuple[sympy.Expr, sympy.Expr]:
    """(f(t_{k+1}), y_{k+1}) for the construction on ``size`` symbolic data points, where the
    neurons ρ(t − t_j) with j ≤ k are active (t_j < t_{k+1})."""
    t = sympy.symbols(f"t1:{size + 1}", real=True)
    y = sympy.symbols(f"y1:{size + 1}", real=True)
    s = [(y[j + 1] - y[j]) / (t[j + 1] - t[j]) for j in range(size - 1)]
    c = [s[0]] + [s[j] - s[j - 1] for j in range(1, size - 1)]
    return y[0] + sum(c[j] * (t[k] - t[j]) for j in range(k)), y[k]


interpolation = Theorem(
    id="learning.interpolation",
    title="m points with distinct inputs are interpolated by a one-hidden-layer ReLU network "
          "with m − 1 neurons",
    survey="§1.3 (overparametrized networks interpolate their training data)",
    source="Folklore construction (SOURCES T21 [D]); cf. Zhang, Bengio, Hardt, Recht, "
           "Vinyals (ICLR 2017), Thm 1",
    statement=sympy.And(sympy.Eq(max_error, 0), sympy.Le(neurons, m - 1),
                        sympy.Le(pieces_forced, neurons + 1)),
    parameters=(m, d),
    quantities=(max_error, neurons, pieces_forced),
    mode="exact",
    sharp=True,
    instances=_interpolation_instances,
    measure=_interpolation_measure,
    premises=(
        Premise("m points of R^d with values", lambda i: _shape_matches(i)
                and len(i.data["values"]) == i.params["m"]),
        Premise("distinct inputs x_i", lambda i: all_distinct(i.data["points"])),
    ),
    proof=(
        Identity("m = 4: f(t_4) = y_1 + Σ_{j<4} c_j (t_4 − t_j) = y_4 with c_1 = s_1, "
                 "c_j = s_j − s_{j−1} (the slope increments telescope)", *_construction_at(3, 4)),
        Identity("m = 5: f(t_3) = y_3 (the neurons at t_3, t_4 are inactive there)",
                 *_construction_at(2, 5)),
    ),
    witnesses=(
        Witness("zig-zag data on the line, 8 points", zigzag(8), attains=True,
                claim=sympy.And(sympy.Eq(neurons, 7), sympy.Eq(pieces_forced, 7))),
        Witness("zig-zag data on a line in R³, 6 points", zigzag(6, 3), attains=True,
                claim=sympy.And(sympy.Eq(neurons, 5), sympy.Eq(pieces_forced, 5))),
        Witness("7 scattered points in R³", Instance({"m": 7, "d": 3}, {
            "points": ((F(1), F(0), F(0)), (F(0), F(1), F(0)), (F(0), F(0), F(1)),
                       (F(1), F(1), F(0)), (F(-1), F(2), F(3)), (F(1, 2), F(-1, 3), F(2)),
                       (F(0), F(0), F(0))),
            "values": (F(3), F(-1), F(2), F(0), F(5, 7), F(-2), F(1))})),
    ),
    mutants=(
        Mutant("m − 3 neurons suffice", "a network with max(m − 3, 0) hidden neurons "
               "interpolates any m points: on a line it has ≤ max(m − 3, 0) + 1 pieces, so the "
               "data may force at most that many",
               statement=sympy.And(sympy.Eq(max_error, 0),
                                   sympy.Le(pieces_forced, sympy.Max(m - 3, 0) + 1))),
        implementation_mutant(
            "slopes not differenced", "output weights c_j = s_j (the slope increments "
            "s_j − s_{j−1} forgotten)",
            patches={"theorems.learning.capacity.interpolating_network":
                     _slopes_not_differenced}),
        implementation_mutant(
            "output counted as hidden", "the neuron count includes the output unit",
            patches={"theorems.learning.capacity.hidden_neurons": _neurons_with_output}),
    ),
    necessity=(
        Necessity("a repeated input with two values", "distinct inputs x_i",
                  Instance({"m": 3, "d": 1}, {"points": ((F(0),), (F(1),), (F(1),)),
                                              "values": (F(0), F(1), F(2))})),
    ),
    notes="""The construction is SOURCES T21 [D] (derived; Zhang et al.'s Thm 1 is [M]): w with
distinct projections is found exactly (w = (1, s, s², …), the first integer s that separates
them), and the network (d, m − 1, 1) is built and evaluated in rationals, so the zero error is
proved for every instance. Necessity of the width: a one-hidden-layer network with n neurons is
affine in at most n + 1 pieces on every line (each neuron kinks once), and every continuous
piecewise-affine interpolant of data on a line has at least (sign changes of the chord slopes)
+ 1 pieces (f' must take the sign of each chord slope somewhere in its interval): zig-zag data
with m points force m − 1 pieces, so n ≥ m − 2; the mutant 'm − 3 neurons suffice' is
falsified by exactly that count. For data not on a line the forced count is 1 (no claim). The
bound m − 2 is not always attained (on the line, n neurons with an output bias cannot make both
outer pieces of a zig-zag non-flat for n = 1), so the construction's m − 1 is not claimed to be
optimal. The proof steps check the slope-increment telescoping symbolically for m = 3, 4. The
zig-zag witnesses' claims pin the neuron count and the forced pieces (m − 1 each), so a count
that includes the output unit or drops a piece fails; output weights equal to the slopes instead
of their increments leave a nonzero error (implementation mutants).""",
)

__all__ = ["cover_dichotomies", "vc_relu", "interpolation", "zigzag"]
