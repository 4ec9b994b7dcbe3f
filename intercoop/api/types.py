"""Field types shared by the API's input schemas.

pydantic's lax mode turns ``true`` into ``1`` and ``"51.5"`` into ``51.5``; the schema says
``number`` or ``integer``, so the API refuses anything else with a 422. ``Number`` accepts a
JSON integer as well (``51`` is a number); neither accepts a boolean or a string.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Strict

Number = Annotated[float, Strict()]
Integer = Annotated[int, Strict()]
