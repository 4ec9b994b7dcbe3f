"""On the worked examples with processes, the trace of what a process made (or of the service
it delivered) reaches the process and its inputs, and the track of what went in reaches the
process and its outputs: the links are read here from the raw JSON, independently of the
import, and compared with the walks."""

import pytest

from intercoop.exchange.tests.valueflows_standard import example
from intercoop.exchange.valueflows.jsonld_import import from_jsonld
from intercoop.exchange.valueflows.trace import trace, track

# The examples with processes whose events have identifiers of their own (production-07, -08
# and -09 reuse one event identifier in two processes, or for a commitment, so their raw links
# are not a graph's).
WITH_PROCESSES = [
    "ex-production-01-simple-manufacturing-process",
    "ex-production-02-simple-manufacturing-process",
    "ex-production-03-simple-service-process",
    "ex-production-04-simple-service-process",
    "ex-production-05-simple-workflow-process",
    "ex-production-10-simple-pack-and-unpack-processes",
    "ex-production-11-simple-pack-and-unpack-processes",
    "ex-production-12-simple-add-and-remove-to-and-from-existing-resource",
    "ex-production-13-correcting-a-data-recording-error-in-an-event",
    "ex-exchange-08-block8",
    "ex-exchange-09-block9",
    "ex-exchange-10-block10",
]
# Inputs a trace follows only for the item it came along (and outputs, for a track).
TRACE_ONLY_ALONG = {"pickup", "accept", "combine"}
TRACK_ONLY_ALONG = {"dropoff", "modify", "separate"}


def raw_flows(document):
    """{process: ([(input event, action, resource)], [(output event, action, resource)])}, from
    inputOf / outputOf and from nesting under hasInput / hasOutput, identifiers expanded with
    the context's prefixes."""
    prefixes = {}
    if isinstance(document, dict):
        for item in document.get("@context", []):
            prefixes.update({k: v for k, v in item.items() if isinstance(v, str) and "://" in v})
        nodes = document["@graph"]
    else:
        nodes = document

    def iri(value):
        head, _, rest = value.partition(":")
        return prefixes[head] + rest if head in prefixes else value

    flows: dict[
        str, tuple[list[tuple[str, str, str | None]], list[tuple[str, str, str | None]]]
    ] = {}

    def add(process, side, node):
        entry = (
            iri(node["@id"]),
            node["action"],
            iri(node.get("resourceInventoriedAs") or "") or None,
        )
        bucket = flows.setdefault(iri(process), ([], []))[side]
        if entry not in bucket:
            bucket.append(entry)

    def walk(node, parent_process=None, parent_side=None):
        if node.get("@type") == "EconomicEvent":
            if "inputOf" in node:
                add(node["inputOf"], 0, node)
            elif "outputOf" in node:
                add(node["outputOf"], 1, node)
            elif parent_process is not None:
                add(parent_process, parent_side, node)
        here = (
            node["@id"]
            if node.get("@type") == "Process"
            else node.get("inputOf") or node.get("outputOf")
        )
        for side, key in ((0, "hasInput"), (1, "hasOutput")):
            for child in node.get(key, []):
                walk(child, here, side)

    for node in nodes:
        walk(node)
    return flows


@pytest.mark.parametrize("stem", WITH_PROCESSES, ids=lambda s: s[:30])
def test_the_trace_of_an_output_reaches_its_process_and_inputs(stem):
    document = example(stem)
    graph = from_jsonld(document).graph
    checked = 0
    for process, (inputs, outputs) in raw_flows(document).items():
        for output_id, _action, made in outputs:
            # A service delivered leaves no resource: trace from the event.
            reached = {s.id for s in trace(graph, made or output_id, 100)}
            assert {output_id, process} <= reached
            for input_id, action, used in inputs:
                if action in TRACE_ONLY_ALONG and used != made:
                    continue
                assert input_id in reached, (made, input_id)
                if used is not None:
                    assert used in reached
                checked += 1
    assert checked


@pytest.mark.parametrize("stem", WITH_PROCESSES, ids=lambda s: s[:30])
def test_the_track_of_an_input_reaches_its_process_and_outputs(stem):
    document = example(stem)
    graph = from_jsonld(document).graph
    checked = 0
    for process, (inputs, outputs) in raw_flows(document).items():
        for input_id, _action, used in inputs:
            if used is None:
                continue
            reached = {s.id for s in track(graph, used, 100)}
            assert {input_id, process} <= reached
            for output_id, action, made in outputs:
                if action in TRACK_ONLY_ALONG and made != used:
                    continue
                assert output_id in reached, (used, output_id)
                checked += 1
    assert checked


def test_the_desks_trace_names_the_work_the_tools_and_the_plywood():
    graph = from_jsonld(example("ex-production-01-simple-manufacturing-process")).graph
    mfg = "https://manufacturing.example/"
    steps = [
        (s.depth, s.id.removeprefix(mfg))
        for s in trace(graph, mfg + "e1721a61-cd47-4556-84b9-8b1b81da15bf", 9)
    ]
    assert steps == [
        (0, "e1721a61-cd47-4556-84b9-8b1b81da15bf"),  # the desk
        (1, "d4d2fd71-34f2-41c3-b1c5-19ad5ed2da59"),  # produce
        (2, "02b39a30-3e04-4305-9656-7f261aa63c84"),  # make the lean desk
        (3, "6f438393-7f87-4914-806c-e23a4fd15e89"),  # Alice's work
        (3, "a8236bbb-81e0-422d-9861-56d2417db0fb"),  # cite the design
        (3, "b52a5815-fae9-43bf-be95-833b95dc0adb"),  # consume the plywood
        (3, "b90b0b77-09a2-42e2-8bd4-e9ae2c1c6172"),  # use the saw
        (4, "6b97b1be-8e07-44ac-82e5-214f1b2aaf33"),  # the design
        (4, "3129ca8b-fcda-45be-bbda-294dc924d3b9"),  # the plywood
        (4, "52f0e212-3c4f-4d27-b345-5e964c135824"),  # the saw
    ]


def test_the_apples_trace_goes_through_both_transports_and_not_the_service():
    graph = from_jsonld(example("ex-exchange-09-block9")).graph
    ids = [s.id for s in trace(graph, "bob:9bd19194-a36d-4a1f-896b-8082887962cb", 100)]
    assert ids == [
        "bob:9bd19194-a36d-4a1f-896b-8082887962cb",  # bob's apples
        "claudia:9cb4944b-d26d-4774-a530-d18f2747c0d8",  # dropoff at bob's
        "claudia:c404cff5-19c7-453d-b0d8-d8e96055bd0c",  # second transport
        "claudia:856c43b1-0a63-445f-a56f-707b257f086e",  # its pickup
        "alice:21f361a6-2375-46bb-b192-c21b5ba833bf",  # alice's apples
        "claudia:57f1c1d0-432e-4bfa-9d32-002b8955a708",  # dropoff at the distribution centre
        "claudia:633f6e56-6c7d-4a5b-b9c9-1a8adafd8960",  # first transport
        "claudia:fd399b37-0740-4a68-a184-1e655021ca21",  # its pickup
    ]
