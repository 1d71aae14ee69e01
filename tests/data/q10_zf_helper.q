/ loaded by q10_zf.q: a nested load keeps the outer script's .z.f, as q does
inner:.z.f
helped:1b
