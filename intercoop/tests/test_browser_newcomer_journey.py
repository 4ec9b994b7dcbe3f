"""A newcomer's first ten minutes, in Chromium, as the README tells them.

The platform is set up the README's way, in a fresh data directory, as child processes:
``intercoop migrate``, ``intercoop demo`` (each step with its time, Alice's credential written to
a file), ``intercoop import coops-uk --bundled`` (the Co-operatives UK file shipped
with the project), then ``intercoop serve``, which once ready says where the credential file
is. Then a person finds their way in English, French and Spanish, as they would, by labels
and links rather than addresses:

- the home page's title has its separator, and its search form finds food co-ops;
- the language switcher moves a French page to English, then to Spanish, keeping the search;
  signing in from the English site stays in English whatever the profile prefers;
- the map shows land and clusters with their counts, and zooming in never empties the view
  silently;
- the directory downloads exactly the results it shows;
- the UK regions are grouped by nation and region; a local authority's page links to the
  organizations it counts, and the directory finds as many;
- after signing in, Alice lands on what needs her attention: the verifiable vote she has not
  cast;
- every page of her co-op has the same sub-navigation;
- the decisions list names the verifiable secret vote as such;
- a closed vote's result page gives its outcome first, with its reason;
- an anonymous visitor finds the co-op's verifiable votes and opens a bulletin board;
- Bob, a member of Riverside only, asks to join La Minga in Spanish; his request waits.

Each step leaves a full-page screenshot in ``test-artifacts/screenshots/``.
"""

from __future__ import annotations

import csv
import io
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from intercoop.testing.processes import child_env

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

pytestmark = pytest.mark.browser

PASSWORD = "cooperate-demo-2026"  # the README's demo password
ALICE = "alice@demo.intercoop.coop"
BOB = "bob@demo.intercoop.coop"
RIVERSIDE = "Riverside Food Co-op"
OPEN_VERIFIABLE = "Join the regional energy co-operative federation"
BULK_AISLE = "Choose the products of the new bulk aisle"  # open, its turnout below the quorum
STEP = re.compile(r"… \d+\.\d s$", re.MULTILINE)  # "Migrating the database… 1.2 s"

Shot = Callable[["Page", str], Path]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def intercoop(data_dir: Path, env: dict[str, str], *args: str, timeout: int = 300) -> str:
    """Run ``intercoop ARGS`` as the README does; its output, or a failure showing it."""
    done = subprocess.run(  # noqa: S603 -- our own command
        [sys.executable, "-m", "intercoop", *args],
        env=env,
        cwd=data_dir,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, f"intercoop {' '.join(args)} failed:\n{output}"
    return output


def wait_for_ready(proc: subprocess.Popen[str], log: Path, deadline: float) -> str:
    """The server's output up to its credential line, once it has said it is running."""
    while time.monotonic() < deadline:
        output = log.read_text()
        if "Demo credential for Alice" in output and "Booting worker" in output:
            return output
        assert proc.poll() is None, f"intercoop serve stopped:\n{output}"
        time.sleep(0.3)
    raise AssertionError(f"intercoop serve was not ready in time:\n{log.read_text()}")


def count_in(text: str) -> int:
    """The first number of ``text``, whatever the language's grouping ("7,272", "7 272")."""
    match = re.search(r"\d[\d,.\s\u202f\u00a0]*", text)
    assert match, text
    return int(re.sub(r"\D", "", match.group()))


def test_a_newcomer_follows_the_readme_and_finds_their_way(
    tmp_path: Path, new_context: Callable[..., BrowserContext], screenshot: Shot
) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = child_env(tmp_path, INTERCOOP_PUBLIC_URL=base)

    # 20-22: the README's commands, each saying its steps and their times.
    intercoop(tmp_path, env, "migrate", "--verbosity", "0")
    demo = intercoop(tmp_path, env, "demo")
    for part in ("organizations", "people", "governance", "verifiable ballots"):
        assert re.search(rf"^  {part}.*… \d+\.\d s$", demo, re.MULTILINE), demo
    assert re.search(r"^Demo data loaded in \d+\.\d s", demo, re.MULTILINE), demo
    credentials = tmp_path / "demo-credentials.txt"
    assert "demo-credentials.txt" in demo, demo
    assert credentials.stat().st_mode & 0o777 == 0o600
    told = credentials.read_text()
    assert re.search(r"^Credential: +[A-Z0-9]{4}(-[A-Z0-9]{4})+$", told, re.MULTILINE), told
    # Its booth link is at the address served, as `make run` passes it (INTERCOOP_PUBLIC_URL).
    assert re.search(rf"{base}/en/orgs/riverside-food-coop/decisions/\d+/election/booth/", told)
    imported = intercoop(tmp_path, env, "import", "coops-uk", "--bundled")
    assert "7272 created" in imported, imported
    assert "Contains data from Co-operatives UK, ODC-By 1.0" in imported, imported

    log = tmp_path / "serve.log"
    with log.open("w") as out:
        server = subprocess.Popen(  # noqa: S603 -- our own command
            [sys.executable, "-m", "intercoop", "serve", "--port", str(port), "--workers", "1"],
            env=env,
            cwd=tmp_path,
            stdout=out,
            stderr=subprocess.STDOUT,
            text=True,
        )
    try:
        said = wait_for_ready(server, log, time.monotonic() + 120)
        assert STEP.search(said), said
        running = said.index(f"Intercoop is running at {base}")
        where = said.index("Demo credential for Alice: see demo-credentials.txt")
        assert running < where, said
        with urllib.request.urlopen(f"{base}/healthz", timeout=10) as health:  # noqa: S310
            assert health.status == 200
        journey(base, new_context, screenshot)
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


def journey(base: str, new_context: Callable[..., BrowserContext], shot: Shot) -> None:
    from playwright.sync_api import expect

    newcomer = new_context(locale="en-GB", extra_http_headers={"Accept-Language": "en"})
    page = newcomer.new_page()

    # 17: the home page, its title and its search.
    page.goto(f"{base}/")
    expect(page).to_have_url(f"{base}/en/")
    expect(page).to_have_title("Cooperation among cooperatives · Intercoop")
    shot(page, "01-home")
    search = page.get_by_role("search", name="Search the directory")
    search.get_by_label("What are you looking for?").fill("food")
    search.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"/en/directory/\?q=food"))
    results = page.get_by_role("heading", name=re.compile(r"organizations found$"))
    found = count_in(results.inner_text())
    assert found > 1
    expect(page.get_by_role("link", name=RIVERSIDE, exact=True)).to_be_visible()

    # 7: the map draws land and clusters with their counts.
    figure = page.locator("svg.map-svg")
    assert figure.locator("path.map-land").count() == 1
    assert len(figure.locator("path.map-land").get_attribute("d") or "") > 1000
    # A cluster is a link named by its count, and shows that count on the map.
    clusters = figure.get_by_role("link", name=re.compile(r"organizations: zoom in on them$"))
    counts = [count_in(name) for name in clusters.all_text_contents()]
    assert len(counts) >= 2 and max(counts) > 1, counts
    assert figure.locator("g.map-clusters text").all_text_contents() == [str(n) for n in counts]
    shot(page, "02-food-results-and-map")

    # 19: download these results: the CSV has exactly as many rows.
    downloads = page.get_by_role("region", name=f"Download these {found} results")
    expect(downloads).to_be_visible()
    csv_href = downloads.get_by_role("link", name="CSV").get_attribute("href")
    assert csv_href and "q=food" in csv_href
    answer = page.request.get(base + csv_href)
    assert answer.status == 200, answer.text()
    rows = list(csv.reader(io.StringIO(answer.text())))
    assert len(rows) - 1 == found, (len(rows), found)
    for kind in ("GeoJSON", "JSON-LD"):
        expect(downloads.get_by_role("link", name=kind)).to_have_attribute(
            "href", re.compile(r"\?q=food")
        )

    # 7: zooming in (a cluster's link, then the map's own control) never empties the view
    # silently: results are shown, or the map says where they are.
    biggest = counts.index(max(counts))
    clusters.nth(biggest).click()
    expect(page).to_have_url(re.compile(r"bbox="))
    in_view = count_in(
        page.get_by_role("heading", name=re.compile("organizations? found")).inner_text()
    )
    assert in_view >= max(counts), (in_view, counts)  # all of the cluster, maybe neighbours
    shot(page, "03-cluster-zoomed")
    page.get_by_role("link", name="Zoom in", exact=True).click()
    heading = page.get_by_role("heading", name=re.compile("organizations? found"))
    if count_in(heading.inner_text()) == 0:
        expect(page.get_by_role("status")).to_contain_text("match the search elsewhere")
    shot(page, "04-zoomed-in")
    # The whole directory's first zoom in (it gave "0 organizations found" on the demo).
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Directory").click()
    expect(page).to_have_title("Co-op directory · Intercoop")
    page.get_by_role("link", name="Zoom in", exact=True).click()
    expect(page).to_have_url(re.compile(r"bbox="))
    heading = page.get_by_role("heading", name=re.compile("organizations? found"))
    if count_in(heading.inner_text()) == 0:
        expect(page.get_by_role("status")).to_contain_text("match the search elsewhere")
    shot(page, "04-whole-directory-zoomed-in")

    # 1: the language switcher on a French page, from an English browser.
    page.goto(f"{base}/fr/directory/?q=food")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("region", name=f"Télécharger ces {found} résultats")).to_be_visible()
    shot(page, "05-french-directory")
    page.get_by_label("Langue").select_option(label="English")
    page.get_by_role("button", name="Changer").click()
    expect(page).to_have_url(f"{base}/en/directory/?q=food")
    expect(page.get_by_role("heading", level=1)).to_have_text("Co-op directory")
    page.get_by_label("Language").select_option(label="Español")
    page.get_by_role("button", name="Change").click()
    expect(page).to_have_url(f"{base}/es/directory/?q=food")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_label("Palabras")).to_have_value("food")
    shot(page, "06-spanish-directory")
    # The language cookie now says Spanish; a French address is still read in French.
    assert any(c["value"] == "es" for c in newcomer.cookies() if "language" in c["name"])
    page.goto(f"{base}/fr/directory/?q=food")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", level=1)).to_have_text("Annuaire des coopératives")
    page.goto(f"{base}/es/directory/?q=food")
    page.get_by_label("Idioma").select_option(label="English")
    page.get_by_role("button", name="Cambiar").click()
    expect(page).to_have_url(f"{base}/en/directory/?q=food")

    # 18: the UK's regions, grouped, from the home page.
    # 22: the shipped Co-operatives UK file is there.
    page.get_by_role("link", name="Intercoop", exact=True).click()
    by_region = page.get_by_role("region", name="Co-ops by region")
    expect(by_region.get_by_role("listitem").filter(has_text="United Kingdom")).to_have_text(
        "United Kingdom (7,272)"
    )
    by_region.get_by_role("link", name="United Kingdom").click()
    expect(page).to_have_url(f"{base}/en/regions/GB/")
    for nation in ("England", "Scotland", "Wales", "Northern Ireland"):
        expect(page.get_by_role("heading", level=2, name=re.compile(f"^{nation}"))).to_be_visible()
    expect(
        page.get_by_role("heading", level=3, name=re.compile("^Yorkshire and The Humber"))
    ).to_be_visible()
    shot(page, "07-uk-regions")
    leeds = (
        page.get_by_role("list", name="Local authorities of Yorkshire and The Humber")
        .get_by_role("listitem")
        .filter(has=page.get_by_role("link", name="Leeds", exact=True))
    )
    counted = count_in(leeds.inner_text().removeprefix("Leeds"))
    leeds.get_by_role("link", name="Leeds", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Leeds")
    assert count_in(page.locator("p.lead").inner_text()) == counted
    shot(page, "08-leeds")
    page.get_by_role("link", name="See them in the directory").click()
    expect(page).to_have_url(re.compile(r"/en/directory/\?.*region=Leeds"))
    listed = count_in(
        page.get_by_role("heading", name=re.compile("organizations found")).inner_text()
    )
    assert listed == counted, (listed, counted)
    shot(page, "09-leeds-in-the-directory")

    # 1 and 14: Alice (whose profile prefers French) signs in from the English site; she stays
    # in English and lands on what needs her attention.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign in").click()
    page.get_by_label("Email").fill(ALICE)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{base}/en/attention/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Needs my attention")
    votes = page.get_by_role("region", name="Votes to cast")
    expect(votes.get_by_role("link", name=OPEN_VERIFIABLE)).to_be_visible()
    shot(page, "10-alice-needs-my-attention")
    # The header switches her page to French and back (her choice wins, in both directions).
    page.get_by_label("Language").select_option(label="Français")
    page.get_by_role("button", name="Change").click()
    expect(page).to_have_url(f"{base}/fr/attention/")
    expect(page.get_by_role("heading", level=1)).to_have_text("À traiter")
    expect(page.get_by_role("region", name="Votes à exprimer")).to_contain_text(OPEN_VERIFIABLE)
    shot(page, "10-alice-a-traiter")
    page.get_by_label("Langue").select_option(label="English")
    page.get_by_role("button", name="Changer").click()
    expect(page).to_have_url(f"{base}/en/attention/")

    # 16: one sub-navigation on every page of her co-op.
    page.goto(f"{base}/en/orgs/riverside-food-coop/")
    org_nav = page.get_by_role("navigation", name="Organization")
    entries = org_nav.get_by_role("link").all_inner_texts()
    for entry in ("Proposals", "Decisions", "General meetings", "Member register", "Audit log"):
        assert entry in entries, entries
        org_nav.get_by_role("link", name=entry, exact=True).click()
        org_nav = page.get_by_role("navigation", name="Organization")
        expect(org_nav.get_by_role("link", name=entry, exact=True)).to_have_attribute(
            "aria-current", "page"
        )
        expect(org_nav.get_by_role("link")).to_have_text(entries)
        shot(page, f"11-riverside-{entry.lower().replace(' ', '-')}")

    # 2: the decisions list names each ballot mode; the verifiable vote is not "Public".
    org_nav.get_by_role("link", name="Decisions", exact=True).click()
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=OPEN_VERIFIABLE))
    expect(row.get_by_role("cell").nth(1)).to_have_text("Verifiable secret")
    shot(page, "12-decisions")

    # 3: a closed vote's result: the outcome first, with its reason.
    check_a_closed_result(page, shot)

    # 17b: an anonymous visitor finds Riverside's verifiable votes and opens a board.
    visitor = new_context(locale="fr-FR").new_page()
    visitor.goto(f"{base}/fr/orgs/riverside-food-coop/")
    public_votes = visitor.get_by_role("region", name="Votes vérifiables")
    expect(public_votes).to_contain_text(OPEN_VERIFIABLE)
    shot(visitor, "14-anonymous-riverside-public-votes")
    public_votes.get_by_role("listitem").filter(has_text=OPEN_VERIFIABLE).get_by_role(
        "link", name="Tableau d'affichage"
    ).click()
    expect(visitor).to_have_url(
        re.compile(r"/fr/orgs/riverside-food-coop/decisions/\d+/election/board/$")
    )
    expect(visitor.get_by_role("heading", level=1)).to_contain_text(OPEN_VERIFIABLE)
    shot(visitor, "15-anonymous-bulletin-board")

    # 15: Bob, a member of Riverside only, asks to join La Minga, in Spanish.
    bob = new_context(locale="es-AR").new_page()
    bob.goto(f"{base}/es/orgs/cooperativa-la-minga/")
    ask = bob.get_by_role("region", name="Pedir unirse")
    ask.get_by_role("link").click()
    bob.get_by_label(re.compile("^Correo")).fill(BOB)
    bob.get_by_label(re.compile("^Contraseña")).fill(PASSWORD)
    bob.get_by_role("button", name="Iniciar sesión").click()
    expect(bob).to_have_url(re.compile("/es/orgs/cooperativa-la-minga/join/"))
    shot(bob, "16-bob-asks-to-join")
    bob.get_by_role("textbox").fill("Trabajo en la cooperativa Riverside; me gustaría colaborar.")
    bob.get_by_role("button", name="Pedir unirse").click()
    expect(bob.get_by_text("Su solicitud espera respuesta")).to_be_visible()
    shot(bob, "17-bob-request-pending")


def check_a_closed_result(page: Page, shot: Shot) -> None:
    """The demo has no failed vote, so Alice makes one as an administrator would: she closes
    the open vote on the bulk aisle early (10), while its turnout is below Riverside's quorum of
    20 %. Its result page says so first, and marks nothing chosen."""
    from playwright.sync_api import expect

    page.get_by_role("link", name=BULK_AISLE).click()
    page.get_by_role("link", name=re.compile("^Close the vote and count it")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Close this vote now?")
    expect(page.get_by_text("This vote would close early.")).to_be_visible()
    shot(page, "13-close-early")
    page.get_by_role("main").get_by_role("button", name=re.compile("^Close")).click()
    result = page.get_by_role("region", name="Result", exact=True)
    outcome = result.get_by_role("paragraph").first
    expect(outcome).to_contain_text("quorum")
    expect(outcome).not_to_contain_text("Adopted")
    expect(page.get_by_role("main")).not_to_contain_text("(chosen)")
    shot(page, "13-failed-result")
