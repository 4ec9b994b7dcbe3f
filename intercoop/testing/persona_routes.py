"""The persona route-test harness: for each persona, each route answers as its table says.

Every private route gets a test for each persona. The personas are those of
``intercoop/conftest.py``: Alice administers co-op A, Bob is a member of A, Charlie is a member
of co-op B, and an anonymous visitor; a table may add its own (platform staff, say). A test
file states its routes and what each persona gets, as data::

    ROUTES = {
        "org_edit": Route("organizations:edit", lambda w: ["coop-a"], lambda w: {"name": "A"}),
        ...
    }
    TABLE = PersonaTable(
        routes=ROUTES,
        # route, method: what alice, bob, charlie and anonymous get
        rows=[("org_edit", "GET", (200, 403, 403, LOGIN)), ("org_edit", "POST", (DONE, ...))],
        client=lambda world, who: world.personas.client_for(who),
        state=protected_state,  # everything of A a request to these routes could change
        changes=successful_posts,  # which answers change that state
        hidden=private_markers,  # what each persona must not read on a route
    )

    @pytest.mark.parametrize(CASE, TABLE.cases())
    def test_route_answers_each_persona_as_the_table_says(world, route, method, who, expected):
        TABLE.check(world, route, method, who, expected)

An expected outcome is a status code, ``LOGIN`` (a redirect to the sign-in page that comes
back to this address) or ``DONE`` (a redirect after the form did its work, never to sign in).
A POST sends its route's ``data``.

``PersonaTable.check`` sends the request as the persona and asserts, in this order: the
outcome; that the protected state changed if and only if ``changes`` says so (a refused
request changes nothing, and neither does a GET, unless the table says otherwise); and that
none of the persona's ``hidden`` markers is in the answer. It returns the response for the
checks a table of its own adds.

``PersonaTable.other_method_cases`` and ``check_other_method``: each method of ``methods`` a
route has no row for (nor an entry in ``also_takes``) is refused with 405 for every persona,
changes nothing, and shows none of the markers hidden from the anonymous visitor. With
``login_before_method``, the anonymous visitor may instead be sent to sign in first.

``PersonaTable.url_names`` with ``url_names_of``: a test asserts that every route of an app
has rows in the table.

Tables that are not web routes by URL name (the API's operations, say) use the same parts
directly: ``persona_cases``, ``check_answer``, ``send``, ``assert_outcome``, ``assert_hidden``
and ``body``.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final, Generic, Literal, TypeAlias, TypeVar, cast

import pytest
from django.http import StreamingHttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, reverse

if TYPE_CHECKING:
    from _pytest.mark.structures import ParameterSet
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

__all__ = [
    "ANONYMOUS",
    "CASE",
    "DONE",
    "LOGIN",
    "OTHER_METHOD_CASE",
    "PERSONAS",
    "ChangeRule",
    "Expected",
    "Markers",
    "PersonaTable",
    "Route",
    "Row",
    "assert_hidden",
    "assert_outcome",
    "body",
    "check_answer",
    "persona_cases",
    "send",
    "successful_posts",
    "url_names_of",
    "writes_by",
]

World = TypeVar("World")

ANONYMOUS: Final = "anonymous"
#: The four personas, in the order of a row's outcomes.
PERSONAS: Final[tuple[str, ...]] = ("alice", "bob", "charlie", ANONYMOUS)

LOGIN: Final = "login"
"""A redirect to the sign-in page, which comes back to the address asked for."""
DONE: Final = "done"
"""A redirect after a form did its work (a refused action also redirects, with a message; what
changed tells them apart), never to the sign-in page."""

Expected: TypeAlias = int | Literal["login", "done"]
#: A table row: the route's key, the method, and one outcome per persona.
Row: TypeAlias = tuple[str, str, tuple[Expected, ...]]
#: Decides whether a case changes the protected state: (route, method, who, expected).
ChangeRule: TypeAlias = Callable[[str, str, str, Expected], bool]
Markers: TypeAlias = Iterable[str | bytes]

#: The arguments of a test parametrized with ``PersonaTable.cases`` or ``persona_cases``.
CASE: Final = ("route", "method", "who", "expected")
#: The arguments of a test parametrized with ``PersonaTable.other_method_cases``.
OTHER_METHOD_CASE: Final = ("route", "method", "who")


def _no_args(world: object) -> Sequence[Any]:
    return ()


def _no_data(world: object) -> Mapping[str, Any]:
    return {}


def _nothing_hidden(world: object, route: str, who: str) -> Markers:
    return ()


@dataclass(frozen=True)
class Route(Generic[World]):
    """A web route: its URL name, the arguments that reverse its address in a world, and what a
    POST to it sends (form fields, or files)."""

    url_name: str
    args: Callable[[World], Sequence[Any]] = _no_args
    data: Callable[[World], Mapping[str, Any]] = _no_data

    def path(self, world: World) -> str:
        return reverse(self.url_name, args=list(self.args(world)))


def successful_posts(route: str, method: str, who: str, expected: Expected) -> bool:
    """The change rule where every POST that goes through (``DONE``) writes, and nothing else."""
    return method == "POST" and expected == DONE


def writes_by(writers: Mapping[tuple[str, str], Collection[str]]) -> ChangeRule:
    """The change rule where exactly the personas named for a (route, method) write through it,
    whatever the answer."""

    def changes(route: str, method: str, who: str, expected: Expected) -> bool:
        return who in writers.get((route, method), ())

    return changes


def persona_cases(
    rows: Iterable[tuple[str, str, Sequence[Expected]]], personas: Sequence[str] = PERSONAS
) -> list[ParameterSet]:
    """One case per row and persona, ``route-method-who``, for parameters ``CASE``."""
    return [
        pytest.param(route, method, who, expected, id=f"{route}-{method}-{who}")
        for route, method, outcomes in rows
        for who, expected in zip(personas, outcomes, strict=True)
    ]


def send(client: Client, method: str, path: str, data: Mapping[str, Any] | None = None) -> Response:
    """A GET; a POST of ``data`` as a form; any other method with no body."""
    if method == "GET":
        return client.get(path)
    if method == "POST":
        return client.post(path, dict(data or {}))
    return client.generic(method, path)


def body(response: Response) -> bytes:
    """The answer's bytes, streamed or not (a streamed answer can be read only once)."""
    if response.streaming:
        content = cast(StreamingHttpResponse, response).streaming_content
        return b"".join(cast(Iterable[bytes], content))
    return response.content


def _require(condition: bool, message: str) -> None:
    # Not ``assert``: pytest rewrites the asserts of test modules only, and this one must fail
    # with the same message wherever it runs.
    if not condition:
        raise AssertionError(message)


def _excerpt(response: Response) -> str:
    if response.streaming:
        return "(streamed)"
    return response.content.decode(errors="replace")[:1000]


def assert_outcome(response: Response, path: str, expected: Expected) -> None:
    """The answer is ``expected``: a status code, ``LOGIN`` or ``DONE``."""
    status = response.status_code
    if expected in (LOGIN, DONE):
        _require(status == 302, f"{path}: {status} instead of {expected}: {_excerpt(response)}")
        location = response["Location"]
        login = reverse("account_login")
        if expected == LOGIN:
            _require(location.startswith(login + "?next="), f"{path}: {location} is not sign-in")
            _require(path in location, f"{path}: sign-in does not come back here: {location}")
        else:
            _require(not location.startswith(login), f"{path}: sent to sign in: {location}")
    else:
        _require(
            status == expected, f"{path}: {status} instead of {expected}: {_excerpt(response)}"
        )


def assert_hidden(content: bytes, markers: Markers, who: str) -> None:
    """None of ``markers`` (text, or bytes such as a file's) is in ``content``."""
    for marker in markers:
        raw = marker.encode() if isinstance(marker, str) else marker
        _require(raw not in content, f"{marker!r} leaked to {who}")


def check_answer(
    *,
    who: str,
    path: str,
    request: Callable[[], Response],
    expected: Expected,
    state: Callable[[], object],
    changes: bool,
    hidden: Markers = (),
) -> Response:
    """Make ``request`` as ``who`` and check its answer: the outcome, that ``state()`` changed
    if and only if ``changes``, and that no ``hidden`` marker shows."""
    before = state()
    response = request()
    assert_outcome(response, path, expected)
    changed = state() != before
    _require(
        changed == changes,
        f"{path}: {who}'s {expected} {'changed' if changed else 'left unchanged'} the state",
    )
    markers = list(hidden)
    if markers:
        assert_hidden(body(response), markers, who)
    return response


def url_names_of(patterns: Iterable[URLPattern | URLResolver], namespace: str) -> set[str]:
    """The ``namespace:name`` of each route in ``patterns``."""
    return {f"{namespace}:{p.name}" for p in patterns if isinstance(p, URLPattern)}


@dataclass(frozen=True)
class PersonaTable(Generic[World]):
    """What each persona gets from each route, and the checks that make it a test (see the
    module's docstring).

    ``client(world, who)`` is ``who``'s client; ``state(world)`` is everything the routes could
    change, compared before and after each request; ``changes`` says which cases change it;
    ``hidden(world, route, who)`` is what ``who`` must not read in the route's answer.
    """

    routes: Mapping[str, Route[World]]
    rows: Sequence[Row]
    client: Callable[[World, str], Client]
    state: Callable[[World], object]
    changes: ChangeRule = successful_posts
    hidden: Callable[[World, str, str], Markers] = _nothing_hidden
    personas: tuple[str, ...] = PERSONAS
    #: The methods every route is tried with: those without a row must answer 405.
    methods: tuple[str, ...] = ("GET", "POST")
    #: Methods of routes checked by tests of their own, not refused with 405.
    also_takes: Mapping[str, Collection[str]] = field(default_factory=dict)
    #: Whether a route may send the anonymous visitor to sign in before looking at the method.
    login_before_method: bool = False

    def __post_init__(self) -> None:
        for route, method, outcomes in self.rows:
            if route not in self.routes:
                raise ValueError(f"row for an unknown route: {route}")
            if len(outcomes) != len(self.personas):
                raise ValueError(f"{route} {method}: {len(outcomes)} outcomes, one per persona")
        for route in self.also_takes:
            if route not in self.routes:
                raise ValueError(f"also_takes names an unknown route: {route}")

    def cases(self) -> list[ParameterSet]:
        """One case per row and persona, for parameters ``CASE``."""
        return persona_cases(self.rows, self.personas)

    def methods_of(self, route: str) -> set[str]:
        """The methods ``route`` takes: those of its rows, and of ``also_takes``."""
        return {m for r, m, _ in self.rows if r == route} | set(self.also_takes.get(route, ()))

    def other_method_cases(self) -> list[ParameterSet]:
        """For each route, each method of ``methods`` it does not take, for each persona, for
        parameters ``OTHER_METHOD_CASE``."""
        return [
            pytest.param(route, method, who, id=f"{route}-{method}-{who}")
            for route in self.routes
            for method in self.methods
            if method not in self.methods_of(route)
            for who in self.personas
        ]

    def request(
        self,
        world: World,
        route: str,
        method: str,
        who: str,
        data: Mapping[str, Any] | None = None,
    ) -> tuple[str, Response]:
        """Send ``method`` to ``route`` as ``who``; a POST sends ``data``, by default the
        route's. Returns the address and the answer."""
        r = self.routes[route]
        path = r.path(world)
        if data is None and method == "POST":
            data = r.data(world)
        return path, send(self.client(world, who), method, path, data)

    def check(
        self,
        world: World,
        route: str,
        method: str,
        who: str,
        expected: Expected,
        *,
        data: Mapping[str, Any] | None = None,
    ) -> Response:
        """Check one case: the outcome, what changed, what must not show."""
        r = self.routes[route]
        path = r.path(world)
        if data is None and method == "POST":
            data = r.data(world)
        client = self.client(world, who)
        return check_answer(
            who=who,
            path=path,
            request=lambda: send(client, method, path, data),
            expected=expected,
            state=lambda: self.state(world),
            changes=self.changes(route, method, who, expected),
            hidden=self.hidden(world, route, who),
        )

    def check_other_method(self, world: World, route: str, method: str, who: str) -> Response:
        """Check that a method the route does not take is refused with 405 (or, with
        ``login_before_method``, sends the anonymous visitor to sign in), changes nothing, and
        shows none of the markers hidden from the anonymous visitor."""
        before = self.state(world)
        path, response = self.request(world, route, method, who)
        if self.login_before_method and who == ANONYMOUS and response.status_code == 302:
            assert_outcome(response, path, LOGIN)
        else:
            status = response.status_code
            _require(status == 405, f"{method} {path} by {who}: {status} instead of 405")
        _require(self.state(world) == before, f"{method} {path} by {who} changed the state")
        markers = list(self.hidden(world, route, ANONYMOUS))
        if markers:
            assert_hidden(body(response), markers, who)
        return response

    def url_names(self) -> set[str]:
        """The URL names of the routes the table covers: with rows, or in ``also_takes``."""
        keys = {route for route, _, _ in self.rows} | set(self.also_takes)
        return {self.routes[key].url_name for key in keys}
