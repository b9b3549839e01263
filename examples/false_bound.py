"""An audit example with a FALSE bound: "a ReLU network R → R with N hidden neurons has at most
N + 1 affine pieces". It is true for one hidden layer and false for deeper networks.

    dlverify verify --file examples/false_bound.py

exits 1 and prints the smallest counterexample hypothesis found (saved for ``dlverify replay``).
"""

from hypothesis import strategies as st

from verify import Budget, Context, Instance, Premise, Theorem, parameter, quantity
from verify.domain.networks.exact import realize_1d
from verify.domain.networks.strategies import exact_networks, hidden_widths

N = parameter("N", integer=True, positive=True)
pieces = quantity("pieces")


def instances(budget: Budget) -> st.SearchStrategy[Instance]:
    """Small networks R → R with one to three hidden layers, weights drawn exactly."""
    return hidden_widths((1, 3), (2, budget.pick(4, 5, 6))).flatmap(
        lambda ws: exact_networks((1, *ws, 1)).map(
            lambda net: Instance({"N": sum(ws)}, {"net": net})))


def measure(instance: Instance, context: Context) -> int:
    """The exact number of affine pieces on all of R."""
    return realize_1d(instance.data["net"]).piece_count()


linear_pieces = Theorem(
    id="audit.linear_pieces",
    title="(false) pieces grow only linearly in the number of neurons",
    survey="—",
    source="a draft's lemma under audit",
    statement="pieces <= N + 1",
    parameters=(N,),
    quantities=(pieces,),
    mode="exact",
    instances=instances,
    measure=measure,
    premises=(Premise("N counts the hidden neurons",
                      lambda i: sum(i.data["net"].widths[1:-1]) == i.params["N"]),),
)
