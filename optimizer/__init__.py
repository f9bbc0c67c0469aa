"""The OR-Tools CP-SAT allocation engine. Pure: Org + tasks in, Plan out.

Entry points: :func:`solve_plan` (a plan for a request), :func:`check_capacity`
(action items against their owners' load), :func:`solve_gap` (the Generalized
Assignment Problem through the same engine).
"""

from optimizer.capacity import check_capacity
from optimizer.engine import SolveOptions, solve_plan
from optimizer.gap import solve_gap
from optimizer.problem import Weights

__all__ = ["SolveOptions", "Weights", "check_capacity", "solve_gap", "solve_plan"]
