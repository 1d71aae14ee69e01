"""tokens -> syntax tree.

An expression is first read left to right into *items*: nouns (literals, names, lists,
lambdas, bracket applications) and verbs (operator glyphs, infix keywords, anything with an
iterator). The tree is then built right to left without precedence (q-subset.md §3):
`noun verb rest` is a dyad, `verb rest` a monad, `noun rest` a juxtaposition.
"""
from ..errors import QError
from .lexer import ADV, NAME, NL, NUM, OP, PUNCT, STR, SYM, Lexer
from .nodes import (Adverbed, Apply, Assign, Compose, Cond, Const, Control, Dyad, Juxt,
                    LambdaNode, ListExpr, Monad, Name, Query, Return, Signal, TableExpr, Verb)
from ..registry import KEYWORDS
from ..functions import COMPOSE, Iterator
from ..values import IDENTITY, List

# the keywords used infix (`x mod y`); each has an implementation in words/ or qsql/
INFIX_KEYWORDS = frozenset(
    "mod div in like within except inter union cross cut sv vs xexp xasc xdesc and or "
    "sublist set each over scan prior peach ss xbar wavg wsum fby "
    "cov scov cor xrank xlog msum mcount mavg mdev mmax mmin ema xprev rotate bin binr "
    "mmu lsq setenv "
    "xkey xcol xcols xgroup insert upsert lj ljf ij ijf uj ujf pj asof".split())
# the words the parser reads itself (not keywords): none of them can be assigned, and
# with the query clauses they are what Tab completion offers beside the names in use
CONTROL_WORDS = frozenset(("if", "do", "while"))
QUERY_WORDS = frozenset(("select", "exec", "update", "delete"))
RESERVED = CONTROL_WORDS | QUERY_WORDS
PARSER_WORDS = RESERVED | {"from", "by"}

# glyphs whose unary form a parenthesized glyph applied prefix is (code.kx.com/q/basics/
# parsetrees: "A parenthesized variadic function applied prefix is parsed as its unary form")
UNARY_GLYPHS = frozenset("+-*%&|^=<>$,#_~!?@.")

NOUN, VERB, ASSIGN, COLON, SIGNAL = "noun", "verb", "assign", "colon", "signal"


class _Scope:
    """Names a lambda body uses and assigns, for its rank and locals."""
    __slots__ = ("used", "assigned")

    def __init__(self):
        self.used = set()
        self.assigned = set()


class Parser:
    """Parses one source text; keeps its position in instance state only."""

    def __init__(self):
        self.lexer = Lexer()

    def parse(self, src):
        """Statements of a top-level text: a tuple of nodes (None for empty statements)."""
        self.src = src
        self.toks = self.lexer.tokens(src)
        self.i = 0
        self.scopes = []
        self.closed = {}      # id -> node of terms that are nouns though they end in a verb
        stmts = self._statements(end=None, nl_separates=True)
        if self.i < len(self.toks):
            t = self.toks[self.i]
            raise _err(t.text, t.start)
        return tuple(stmts)

    # ------------------------------------------------------------ token helpers
    def _peek(self, k=0):
        j = self.i + k
        return self.toks[j] if j < len(self.toks) else None

    def _at_end(self, end, nl_separates):
        t = self._peek()
        if t is None:
            return True
        if t.kind == PUNCT and t.text in ");]}":
            return True
        return t.kind == NL and nl_separates and not self._after_verb()

    def _after_verb(self):
        """A line ending in a verb (`"a",` then an indented line) goes on: q reads the
        verb's right argument from the next line instead of ending the statement there."""
        p = self.toks[self.i - 1] if self.i else None
        return p is not None and p.kind == OP

    # ------------------------------------------------------------ statements
    def _statements(self, end, nl_separates, open_pos=None):
        """Expressions separated by ; (and newlines where they separate) up to `end`.
        An unclosed opener is reported at its own position: `(1` gives '( under `(`."""
        if open_pos is None and end is not None and self.i:
            open_pos = self.toks[self.i - 1].start
        stmts = []
        while True:
            self._skip_nl(nl_separates)
            stmts.append(self._expr(nl_separates))
            t = self._peek()
            if t is None:
                if end is not None:
                    raise _err(_opener(end), open_pos)
                return stmts
            if t.kind == PUNCT and t.text == ";":
                self.i += 1
                continue
            if t.kind == NL:
                self.i += 1
                self._skip_nl(nl_separates)
                nt = self._peek()
                if nt is None or (nt.kind == PUNCT and nt.text in ")]}"):
                    continue
                if stmts[-1] is None:
                    stmts.pop()
                continue
            if t.kind == PUNCT and t.text == end:
                self.i += 1
                return stmts
            raise _err(t.text, t.start)

    def _skip_nl(self, nl_separates=True):
        while (t := self._peek()) is not None and t.kind == NL:
            self.i += 1

    # ------------------------------------------------------------ expressions
    def _expr(self, nl_separates=True):
        items = []
        while not self._at_end(None, nl_separates):
            t = self._peek()
            if t.kind == NL:
                self.i += 1
                continue
            items.append(self._item(items, nl_separates))
        return self._build(items, 0) if items else None

    def _item(self, items, nl_separates):
        t = self._peek()
        self.i += 1
        k = t.kind
        if k in (NUM, STR, SYM):
            node, kind = Const(t.value, t.start), NOUN
        elif k == NAME:
            node, kind = self._name(t, nl_separates)
        elif k == PUNCT:
            node, kind = self._punct(t)
        elif k == OP:
            node, kind = self._op(t, items)
        elif k == ADV and self._alone():
            node, kind = Const(Iterator(t.text), t.start), NOUN     # (/;+): a parse tree
        elif k == ADV:
            raise _err(t.text, t.start)
        else:
            raise _err(t.text, t.start)
        return self._postfix(node, kind)

    def _alone(self):
        """Whether the token just read ends its item list: `/` in `(/;+)` or `(/)`."""
        t = self._peek()
        return t is None or (t.kind == PUNCT and t.text in ";)]")

    def _postfix(self, node, kind):
        """Brackets and iterators written after a term: f[x], +/, f'[x;y]."""
        while (t := self._peek()) is not None:
            if t.kind == PUNCT and t.text == "[" and kind in (NOUN, VERB):
                self.i += 1
                args = self._statements("]", nl_separates=False)
                node, kind = Apply(node, tuple(args), node_pos(node)), NOUN
            elif t.kind == ADV and kind in (NOUN, VERB):
                self.i += 1
                node, kind = Adverbed(node, t.text, t.start), VERB
            else:
                break
        return node, kind

    def _name(self, t, nl_separates):
        name = t.text
        nxt = self._peek()
        if name in QUERY_WORDS:
            return self._query(t, nl_separates), NOUN
        if name in CONTROL_WORDS and nxt is not None and nxt.kind == PUNCT and nxt.text == "[":
            self.i += 1
            args = self._statements("]", nl_separates=True)
            return Control(name, tuple(args), t.start), NOUN
        if name in INFIX_KEYWORDS:
            return Verb(name, t.start), VERB
        if self.scopes:
            self.scopes[-1].used.add(name.split(".")[0] if not name.startswith(".") else name)
        return Name(name, t.start), NOUN

    def _punct(self, t):
        if t.text == "(":
            return self._close(self._paren(t)), NOUN
        if t.text == "{":
            return self._lambda(t), NOUN
        raise _err(t.text, t.start)

    def _op(self, t, items):
        text = t.text
        prev = items[-1] if items else None
        prev_is_target = prev is not None and prev[1] == NOUN and _target_name(prev[0]) is not None
        if text == "::":
            if prev_is_target:
                return Verb("::", t.start), ASSIGN
            return Const(IDENTITY, t.start), NOUN
        if text == ":":
            return Verb(":", t.start), (ASSIGN if prev_is_target else COLON)
        if len(text) == 2 and text[1] == ":" and text[0] != ":":
            if prev_is_target:
                return Verb(text, t.start), ASSIGN
            return Verb(text, t.start), VERB           # k unary form such as #:
        if text == "'":
            nxt = self._peek()
            if nxt is not None and nxt.kind == PUNCT and nxt.text == "[" and not nxt.space:
                self.i += 1                           # '[f;g]: composition
                args = self._statements("]", nl_separates=False)
                if len(args) == 2 and None in args:     # '[;]: a projection of Compose
                    return self._close(Apply(Const(COMPOSE, t.start), tuple(args), t.start)), NOUN
                if len(args) < 2 or any(a is None for a in args):
                    raise _err("'", t.start)
                return self._close(Compose(tuple(args), t.start)), NOUN
            return Verb("'", t.start), SIGNAL
        if text == "$":
            nxt = self._peek()
            if (nxt is not None and nxt.kind == PUNCT and nxt.text == "[" and not nxt.space
                    and (prev is None or prev[1] != NOUN)):
                self.i += 1
                args = self._statements("]", nl_separates=True)
                if len(args) == 2:                    # $[x;y] is Cast
                    return Apply(Verb("$", t.start), tuple(args), t.start), NOUN
                return Cond(tuple(args), t.start), NOUN
        return Verb(text, t.start), VERB

    def _close(self, node):
        """Mark a term as a noun: `(+)`, `(2*)` and `'[f;g]` are values, so `value (+)`
        applies value to `+` instead of composing (code.kx.com/q/ref/compose: "noun
        syntax" passes a composition as an argument)."""
        self.closed[id(node)] = node
        return node

    def _open(self, node):
        return _open(node) and id(node) not in self.closed

    def _paren(self, t):
        nxt = self._peek()
        if nxt is not None and nxt.kind == PUNCT and nxt.text == "[":
            return self._table(t)
        if nxt is not None and nxt.kind == PUNCT and nxt.text == ")":
            self.i += 1
            return Const(List([]), t.start)
        items = self._statements(")", nl_separates=False)
        if len(items) == 1:
            inner = items[0]
            if inner is None:
                return Const(IDENTITY, t.start)
            return _keyword_train(inner) or inner
        return ListExpr(tuple(items), t.start, any(a is None for a in items))

    def _table(self, t):
        self.i += 1                                   # the [
        keys = self._statements("]", nl_separates=False)
        cols = self._statements(")", nl_separates=False, open_pos=t.start)
        keys = [] if keys == [None] else keys
        return TableExpr(_named(keys), _named(cols), t.start)

    def _lambda(self, t):
        params = None
        nxt = self._peek()
        if nxt is not None and nxt.kind == PUNCT and nxt.text == "[":
            self.i += 1
            params = []
            while (p := self._peek()) is not None and not (p.kind == PUNCT and p.text == "]"):
                if p.kind == NAME:
                    params.append(p.text)
                elif not (p.kind == PUNCT and p.text == ";") and p.kind != NL:
                    raise _err(p.text, p.start)
                self.i += 1
            if self._peek() is None:
                raise _err("[", t.start)
            self.i += 1
            if len(params) > 8:
                raise _err("params", t.start)
        scope = _Scope()
        self.scopes.append(scope)
        try:
            body = self._statements("}", nl_separates=True, open_pos=t.start)
        finally:
            self.scopes.pop()
        end = self.toks[self.i - 1].end
        src = self.src[t.start:end]
        if params is None:
            used = scope.used
            rank = 3 if "z" in used else 2 if "y" in used else 1
            params = ("x", "y", "z")[:rank]
        else:
            rank = max(1, len(params))
        if self.scopes:                       # names used inside count for enclosing lambdas
            self.scopes[-1].used |= scope.used - set(params) - scope.assigned
        local = frozenset(scope.assigned - set(params))
        return LambdaNode(src, tuple(params), tuple(body), rank, local, t.start)

    # ------------------------------------------------------------ qSQL
    def _query(self, t, nl_separates):
        kind = t.text
        stop = self._range_end(nl_separates)
        toks = self.toks[self.i:stop]
        self.i = stop
        depth0 = _top_level(toks)
        frm = next((j for j in depth0 if toks[j].kind == NAME and toks[j].text == "from"), None)
        if frm is None:
            raise _err("from", t.start)
        head = toks[:frm]
        by_at = next((j for j in _top_level(head) if head[j].kind == NAME and head[j].text == "by"), None)
        cols_toks, by_toks = (head, []) if by_at is None else (head[:by_at], head[by_at + 1:])
        rest = toks[frm + 1:]
        where_at = next((j for j in _top_level(rest) if rest[j].kind == NAME and rest[j].text == "where"), None)
        src_toks, where_toks = (rest, []) if where_at is None else (rest[:where_at], rest[where_at + 1:])
        cols = _named([self._sub(p) for p in _split_commas(cols_toks)])
        by = _named([self._sub(p) for p in _split_commas(by_toks)])
        source = self._sub(src_toks)
        if source is None:
            raise _err("from", t.start)
        where = tuple(self._sub(p) for p in _split_commas(where_toks))
        return Query(kind, cols, by, source, where, t.start)

    def _range_end(self, nl_separates):
        """Index of the token that ends the current expression."""
        depth, j = 0, self.i
        while j < len(self.toks):
            t = self.toks[j]
            if t.kind == PUNCT:
                if t.text in "([{":
                    depth += 1
                elif t.text in ")]}":
                    if depth == 0:
                        break
                    depth -= 1
                elif t.text == ";" and depth == 0:
                    break
            elif t.kind == NL and depth == 0 and nl_separates:
                break
            j += 1
        return j

    def _sub(self, toks):
        """Parse a token slice as one expression."""
        if not toks:
            return None
        saved = (self.toks, self.i)
        self.toks, self.i = list(toks), 0
        try:
            node = self._expr(nl_separates=False)
            if self.i < len(self.toks):
                t = self.toks[self.i]
                raise _err(t.text, t.start)
            return node
        finally:
            self.toks, self.i = saved

    # ------------------------------------------------------------ tree building
    def _build(self, items, lo):
        node, kind = items[lo]
        last = lo + 1 == len(items)
        if kind == NOUN:
            if last:
                return node
            nxt, nk = items[lo + 1]
            if nk == ASSIGN:
                return self._assign(node, nxt, items, lo + 2)
            if nk == VERB:
                right = None if lo + 2 == len(items) else self._build(items, lo + 2)
                if right is not None and self._open(right):   # `0|+`: a projection composed
                    fns = right.fns if isinstance(right, Compose) else (right,)
                    return Compose((Dyad(nxt, node, None, node_pos(nxt)),) + fns, node_pos(node))
                return Dyad(nxt, node, right, node_pos(nxt))
            if nk == SIGNAL:
                raise _err("'", nxt.pos)
            rest = self._build(items, lo + 1)
            if self._open(rest):                 # `neg 2*`: ends in a verb, composes
                fns = rest.fns if isinstance(rest, Compose) else (rest,)
                return Compose((node,) + fns, node_pos(node))
            if isinstance(node, Verb) and node.name in UNARY_GLYPHS:
                return Monad(node, rest, node_pos(node))   # ($)42: the unary form, "42"
            return Juxt(node, rest, node_pos(node))
        if kind == VERB:
            if last:
                return node
            nxt = items[lo + 1]
            if nxt[1] == VERB and lo + 2 == len(items):
                return Compose((node, nxt[0]), node_pos(node))
            return Monad(node, self._build(items, lo + 1), node_pos(node))
        if kind == COLON:
            if last and lo == 0:            # (:) or @[x;i;:;y]: the glyph as a value
                return node
            return Return(None if last else self._build(items, lo + 1), node.pos)
        if kind == SIGNAL:
            if last:
                raise _err("'", node.pos)
            return Signal(self._build(items, lo + 1), node.pos)
        raise _err(node.name, node.pos)

    def _assign(self, target, op, items, lo):
        name = _target_name(target)
        indices = target.args if isinstance(target, Apply) else None
        glob = op.name == "::"
        value = self._build(items, lo) if lo < len(items) else Const(IDENTITY, op.pos)
        verb = None if op.name in (":", "::") else Verb(op.name[0], op.pos)
        if self.scopes and not glob and indices is None:
            self.scopes[-1].assigned.add(name)
        return Assign(name, indices, verb, value, glob, op.pos)


def _unary_keyword(node):
    """A name of one of q's unary keywords (`count`, `first`): a verb to q's parser."""
    if not isinstance(node, Name) or node.name not in KEYWORDS:
        return False
    return getattr(KEYWORDS[node.name], "rank", None) == 1


def _keyword_train(node):
    """`(count first)`: unary keywords juxtaposed alone in parentheses compose."""
    fns = []
    while isinstance(node, Juxt) and _unary_keyword(node.fn):
        fns.append(node.fn)
        node = node.arg
    if not fns or not _unary_keyword(node):
        return None
    return Compose(tuple(fns) + (node,), fns[0].pos)


def _open(node):
    """An expression ending in a verb with no right argument (`2*`, `+`, a train)."""
    return (isinstance(node, Dyad) and node.right is None) or isinstance(node, (Verb, Compose))


def _target_name(node):
    if isinstance(node, Name):
        return node.name
    if isinstance(node, Apply) and isinstance(node.fn, Name):
        return node.fn.name
    return None


def node_pos(node):
    return getattr(node, "pos", getattr(node, "start", 0))


def _named(exprs):
    """(name, node) pairs for table columns and qSQL phrases; unnamed columns get a name
    from their leftmost operand (q-subset.md §10)."""
    out, seen = [], {}
    for e in exprs:
        if e is None:
            continue
        if isinstance(e, Assign) and e.indices is None and e.op is None:
            name, node = ExplicitName(e.name), e.value
        else:
            name, node = infer_name(e), e
        if name in seen:
            seen[name] += 1
            name = f"{name}{seen[name]}"
        else:
            seen[name] = 0
        out.append((name, node))
    return tuple(out)


class ExplicitName(str):
    """A column name written as `name:expr` (exec uses it to pick its result shape)."""
    __slots__ = ()


def infer_name(node):
    if isinstance(node, Name):
        return "x" if node.name == "i" else node.name.split(".")[-1] if not node.name.startswith(".") else "x"
    if isinstance(node, Juxt):
        return infer_name(node.arg) if node.arg is not None else "x"
    if isinstance(node, Dyad):
        return infer_name(node.left)
    if isinstance(node, Monad):
        return infer_name(node.arg)
    if isinstance(node, Apply):
        first = next((a for a in node.args if a is not None), None)
        return infer_name(first) if first is not None else "x"
    return "x"


def _top_level(toks):
    depth = 0
    for j, t in enumerate(toks):
        if t.kind == PUNCT and t.text in "([{":
            depth += 1
        elif t.kind == PUNCT and t.text in ")]}":
            depth -= 1
        elif depth == 0:
            yield j


def _split_commas(toks):
    if not toks:
        return []
    parts, start = [], 0
    for j in _top_level(toks):
        if toks[j].kind == OP and toks[j].text == ",":
            parts.append(toks[start:j])
            start = j + 1
    parts.append(toks[start:])
    return parts


def _opener(end):
    return {")": "(", "]": "[", "}": "{"}.get(end, end)


def _err(text, pos):
    e = QError(text)
    e.pos = pos
    return e
