/ issue 10 item 9: a command file that finds its neighbour through .z.f
p:first` vs hsym .z.f
system"l ",1_string` sv p,`q10_zf_helper.q
loaded:.z.f
