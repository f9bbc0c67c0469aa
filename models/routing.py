"""Domain types for request routing: labelled examples, predictions, explanations, metrics.

These are what the classifier in ``nlp.routing`` takes and gives, and what the service
stores (a triage decision or a correction becomes a :class:`LabelledExample`).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

Decision = Literal["auto", "triage"]
PartRole = Literal["lead", "support"]


class LabelledExample(BaseModel):
    """One past request and the department that handled it (an id of the org)."""

    model_config = ConfigDict(frozen=True)

    text: str
    department: str
    # A correction by the receiving department may count more than a bulk import.
    weight: float = Field(default=1.0, gt=0, le=100)

    @field_validator("text")
    @classmethod
    def _text(cls, v: str) -> str:
        if not v or not v.strip():
            raise ValueError("empty text")
        return v


class DepartmentScore(BaseModel):
    """A department and its calibrated probability of being the right one."""

    id: str
    score: float


class SimilarRequest(BaseModel):
    """A past request that resembles the new one (for the explanation)."""

    text: str
    department: str
    similarity: float


class Explanation(BaseModel):
    """Why a request went where it went: the terms that pushed it and look-alike requests."""

    terms: list[str] = Field(default_factory=list)
    similar: list[SimilarRequest] = Field(default_factory=list)


class AutoEvidence(BaseModel):
    """What the auto rule read of one request: the classifier's first and second
    probability (without the unseen-term boost), the share of its words seen in training,
    whether its most similar past request went to the first department, and whether that
    department is also the one ranked first, and whether the function lexicon agrees
    (``lexicon``: False when the request holds function terms the org's labelled requests
    never held and all of them belong to other departments; records before it read True).
    Kept with the request, so that once a person settles its department a refit can choose
    the org's own auto rule on these outcomes."""

    first: float
    second: float
    known: float = 1.0
    neighbour: bool = True
    agree: bool = True
    lexicon: bool = True


class Prediction(BaseModel):
    """Ranked departments (best first), the routing decision, and why."""

    departments: list[DepartmentScore]
    decision: Decision
    # Other departments the request plausibly also needs (e.g. design AND logistics).
    secondary: list[str] = Field(default_factory=list)
    explanation: Explanation | None = None
    # kept with the request (dispatch.requests.routing.prediction_record), not shown:
    # outputs keep their shape
    evidence: AutoEvidence | None = Field(default=None, exclude=True)

    @property
    def department(self) -> str:
        """The best department id."""
        return self.departments[0].id


class Part(BaseModel):
    """One department's share of a request that asks several (CONTRACTS.md §2.2 ``parts``):
    who, whether it carries the request, and the words of the request that ask it."""

    department: str
    role: PartRole
    text: str  # the span of the request that asks this department, as written
    score: float  # how sure the split is that this department is asked, in [0, 1]
    start: int  # character offsets of ``text`` in the request (text == request[start:end])
    end: int


class DepartmentMetrics(BaseModel):
    """Per-department precision, recall, F1 and support."""

    precision: float
    recall: float
    f1: float
    support: int


class RoutingMetrics(BaseModel):
    """Quality figures from cross-validation or from a held-out test set."""

    n: int
    accuracy: float
    macro_f1: float
    auto_coverage: float
    auto_accuracy: float
    per_department: dict[str, DepartmentMetrics] = Field(default_factory=dict)
    # (gold, predicted, count), most frequent first.
    confusions: list[tuple[str, str, int]] = Field(default_factory=list)
