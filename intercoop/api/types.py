"""Field types shared by the API's input schemas.

pydantic's lax mode turns ``true`` into ``1`` and ``"51.5"`` into ``51.5``; the schema says
``number`` or ``integer``, so the API refuses anything else with a 422. As in JSON Schema,
``Number`` accepts an integer (``51`` is a number) and ``Integer`` a number without a fraction
(``7.0`` is an integer); neither accepts a boolean or a string.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator, Strict, StringConstraints


def _a_number(value: Any) -> Any:
    if isinstance(value, bool | str | bytes):
        raise ValueError("Give a number.")
    return value


Number = Annotated[float, Strict()]
# Constraints go between int and the check (``Annotated[int, Field(ge=1), A_NUMBER]``), so the
# schema still shows them as ``minimum``/``maximum``.
A_NUMBER = BeforeValidator(_a_number)
Integer = Annotated[int, A_NUMBER]

# PostgreSQL cannot store NUL in text, so the API refuses it (Django's forms do too); the schema
# says so, so that a client (and Schemathesis) knows it before sending.
NO_NUL = r"^[^\x00]*$"
Text = Annotated[str, StringConstraints(pattern=NO_NUL)]
# At least one character other than white space or a control character (a name of only spaces
# is no name), and no NUL.
NOT_BLANK = r"^[^\x00]*[^\s\x00-\x1f\x7f-\x9f][^\x00]*$"
