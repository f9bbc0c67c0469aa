"""Meeting minutes domain types: what a reader makes of a file and what extraction returns.

The reader turns any supported file into a :class:`MeetingDocument` (one
:class:`Utterance` per line of the file as saved, so that ``source.line`` can be checked
by a person); the extractor turns that into an :class:`ExtractionResult` whose JSON
shape is ARCHITECTURE.md §2.1.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Priority = Literal["high", "normal", "low"]
UtteranceKind = Literal["text", "heading", "table_row", "header", "blank"]


class Utterance(BaseModel):
    """One line of a meeting document, with who said it when the format tells us."""

    model_config = ConfigDict(frozen=True)

    line: int | None = Field(
        description="1-based source line (docx: paragraph); None for docx table cells"
    )
    text: str = Field(description="the content, without speaker prefix or list bullet")
    raw: str = Field(description="the line as written")
    speaker: str | None = None
    block: int | None = Field(default=None, description="cue number: lines of one subtitle cue")
    kind: UtteranceKind = "text"
    bullet: bool = False
    heading_level: int = 0
    cells: dict[str, str] | None = Field(
        default=None,
        description="table rows: column role (task/owner/department/due/priority) → cell",
    )


class MeetingDocument(BaseModel):
    """A decoded meeting record: header facts and the utterances in file order."""

    filename: str
    format: str
    encoding: str | None = None
    title: str | None = None
    date: dt.date | None = None
    attendees: list[str] = Field(default_factory=list)
    sender: str | None = None
    utterances: list[Utterance] = Field(default_factory=list)


class Source(BaseModel):
    line: int | None
    text: str


class ActionItem(BaseModel):
    """One action item as ARCHITECTURE.md §2.1 prints it."""

    task: str
    owners: list[str] = Field(default_factory=list, description="staff ids; [] when none resolved")
    owner_names: list[str] = Field(default_factory=list, description="as written in the text")
    department: str | None = None
    due: dt.date | None = None
    priority: Priority = "normal"
    confidence: float = 0.5
    source: Source


class MeetingInfo(BaseModel):
    title: str | None = None
    date: dt.date | None = None
    attendees: list[str] = Field(default_factory=list)


class ExtractionResult(BaseModel):
    """Everything extraction found in one document; ``action_items`` may be empty."""

    meeting: MeetingInfo
    action_items: list[ActionItem] = Field(default_factory=list)

    def to_contract(self) -> dict:
        """The JSON document of ARCHITECTURE.md §2.1 (plus attendees, which the contract allows)."""
        return self.model_dump(mode="json")
