"""How q shows its keywords: most are defined in k, and the console, `string`, `.Q.s1` and
parse trees show the k definition, not the name (code.kx.com/q/basics/parsetrees: `q)type`
shows `@:`, `q)key` `!:`; `q).q?(+:)` is `` `flip ``; not and hdel are both `~:`).
Keywords q defines natively in C show their name (`q)like` is `like`), as do the k
built-ins (sum, avg, max..). Keywords q defines as k lambdas show `k){..}`: pinned here are
med's (issue 10: `{avg x(<x)@_.5*-1 0+#x,:()}`) and each's (ref/parse: `parse "foo each
til 5"` starts `k){x'y}`) with its siblings over, scan and prior; the other lambdas (til,
fby..), whose text changed between versions, still show their name."""

# the unary form of an operator: `-:` is neg (q hides k's unary syntax behind keywords)
UNARY = {
    "neg": "-:", "not": "~:", "hdel": "~:", "null": "^:", "string": "$:",
    "reciprocal": "%:", "ltime": "%:", "floor": "_:", "count": "#:", "first": "*:",
    "reverse": "|:", "distinct": "?:", "group": "=:", "where": "&:", "flip": "+:",
    "type": "@:", "key": "!:", "inv": "!:", "value": ".:", "get": ".:", "hclose": ">:",
}
# an operator with an iterator: sums is Add Scan, deltas Subtract Each Prior
DERIVED = {
    "sums": "+\\", "prds": "*\\", "mins": "&\\", "maxs": "|\\", "fills": "^\\",
    "raze": ",/", "deltas": "-':", "ratios": "%':", "prev": ":':",
}
LAMBDAS = {"med": "k){avg x(<x)@_.5*-1 0+#x,:()}", "each": "k){x'y}", "over": "k){x/y}",
           "scan": "k){x\\y}", "prior": "k){x':y}"}

K_FORMS = {**UNARY, **DERIVED, **LAMBDAS}


def keyword_text(name):
    """What q shows for the keyword called name."""
    return K_FORMS.get(name, name)
