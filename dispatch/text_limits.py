"""The one check that a person's text fits its limit (side-effect free, like the rest of
the validation of what people type): a request's text, a collaboration's background or a
part's ask, a problem's description, a routing prediction, a batch item, a title.

Every place refused an over-long text in its own words; here it is one refusal with one
catalogue key (``err_too_long``), so a Chinese page says 「需求背景共 20,001 字，最多 20,000
字」 and the API's English message stays "background: 20,001 characters; the limit is
20,000" (``error.localized_message`` beside it)."""

from __future__ import annotations

from dispatch.errors import DispatchError, TooLarge


def too_long(field: str, n: int, limit: int, *, field_key: str | None = None,
             error: type[DispatchError] = TooLarge, hint: str = "") -> DispatchError:
    """The refusal of ``n`` characters in ``field`` (its API name) over ``limit``.

    ``field_key`` names the field in the catalogue (``field_background`` → 需求背景); without
    one the API name stands in both languages. ``error`` is the kind: a text field over
    the request limit is a 413 (``TooLarge``, the API's convention), a title over its short
    limit a 422 (``InvalidInput``). ``hint`` is English added to the English message only."""
    from dispatch.messages import message

    args = {"field": field, "field_key": field_key or field, "n": n, "limit": limit}
    english = message("err_too_long", "en", **args)
    return error(english + (f" ({hint})" if hint else ""), key="err_too_long", args=args)


def within_limit(text: str, limit: int, field: str, *, field_key: str | None = None,
                 error: type[DispatchError] = TooLarge, hint: str = "") -> str:
    """``text`` when it has at most ``limit`` characters; else :func:`too_long` is raised.
    The caller strips or folds the text first: the count is of what would be stored."""
    if len(text) > limit:
        raise too_long(field, len(text), limit, field_key=field_key, error=error, hint=hint)
    return text
