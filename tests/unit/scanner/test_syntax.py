"""The tree walks of the Go and TypeScript readers skip the grammars' literal tokens: that holds only while those
tokens are leaves, which these tests check on code that uses much of each grammar."""

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


@pytest.mark.parametrize("grammar, text", [("go", GO), ("typescript", TS.replace("const el", "// const el")),
                                           ("tsx", TS)])
def test_literal_tokens_are_leaves_and_the_named_walk_finds_every_node(grammar, text):
    root = parse(grammar, text)
    every, stack = [], [root]
    while stack:
        node = stack.pop()
        every.append(node)
        assert node.is_named or node.child_count == 0, (grammar, node.type)
        stack.extend(reversed(node.children))
    assert not root.has_error, grammar
    named_types = {n.type for n in every if n.is_named}
    found = list(descendants(root, named_types))
    assert [(n.type, n.start_byte) for n in found] == [(n.type, n.start_byte) for n in every if n.is_named]
    assert len(found) < len(every)  # the tokens skipped are real: the walk is shorter
