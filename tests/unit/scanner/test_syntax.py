"""The Go and TypeScript readers find the nodes they read with tree-sitter's query engine: it must find what a walk
of every node of the tree finds, in the same order, on code that uses much of each grammar (and on broken code)."""

from __future__ import annotations

import pytest

from tracer.scanner.code.syntax import descendants, parse

GO = '''package main

import (
    "net/http"
    chi "github.com/go-chi/chi/v5"
)

type Item struct{ ID int `json:"id"` }

func main() {
    r := chi.NewRouter()
    r.Route("/api", func(r chi.Router) {
        r.Get("/items/{id}", func(w http.ResponseWriter, req *http.Request) { _ = map[string][]int{"a": {1, 2}} })
    })
    mux := http.NewServeMux()
    mux.HandleFunc("GET /health", func(w http.ResponseWriter, _ *http.Request) {})
    var x interface{} = 3
    switch v := x.(type) {
    case int:
        go func() { defer func() { recover() }(); _ = v + 1 }()
    }
    ch := make(chan int, 1)
    select { case ch <- 1: default: }
    for i := range []int{1, 2} { if i > 0 { break } else { continue } }
}
'''

TS = '''import express, { Router } from "express";
import type { Foo } from "./foo";
export * from "./bar";
const app = express();
const router: Router = Router();
@decorator() class A<T extends object> { private x?: T; constructor(readonly y: number) { super(); } }
router.get(`/items/${"id"}`, async (req, res) => { const { a, ...rest } = req.body ?? {}; res.json([a, rest]); });
app.use("/api", router);
enum E { A = 1, B }
let f = (x: number): x is 1 => x === 1 ? true : false;
const el = <div className="x">{items.map((i) => <span key={i}>{i}</span>)}</div>;
label: for (const [k, v] of Object.entries({})) { if (k) break label; }
'''


def _walk(node):
    """Every node under ``node`` (itself included), each before its children, in source order."""
    every, stack = [], [node]
    while stack:
        n = stack.pop()
        every.append(n)
        stack.extend(reversed(n.children))
    return every


@pytest.mark.parametrize("grammar, text", [("go", GO), ("typescript", TS.replace("const el", "// const el")),
                                           ("tsx", TS), ("go", GO[: len(GO) // 2] + "}{)(" + GO[len(GO) // 3 :]),
                                           ("tsx", TS[: len(TS) // 2] + "<(}" + TS[len(TS) // 3 :])])
def test_the_query_finds_what_a_walk_of_every_node_finds(grammar, text):
    root = parse(grammar, text)
    every = _walk(root)
    named_types = frozenset(n.type for n in every if n.is_named)
    assert len(named_types) > 40  # the samples use much of the grammar
    expected = [(n.type, n.start_byte, n.end_byte) for n in every if n.is_named]
    found = descendants(grammar, root, named_types)
    assert [(n.type, n.start_byte, n.end_byte) for n in found] == expected
    # a few types, from a node inside the tree: the same nodes a walk from there finds
    inner = max((n for n in every if n.is_named and n is not root), key=lambda n: len(_walk(n)))
    some = frozenset({"call_expression", "identifier", "no_such_node"})
    assert [(n.type, n.start_byte) for n in descendants(grammar, inner, some)] == \
        [(n.type, n.start_byte) for n in _walk(inner) if n.is_named and n.type in some]
