"""Which torch kernel steps an optimizer: fused where torch has one.

torch's default on the CPU is a loop of several kernels per parameter; its fused kernels
update every parameter of a group in one pass (SGD, Adam, AdamW, Adagrad), the same
update up to rounding (SimpNet's AdamW, 5 steps: 7e-9 apart). Measured on one thread, a
step of SimpNet's AdamW takes 39 ms looped, 8 ms fused; linear.q's Nesterov SGD 5.2 ms
and 1.5 ms. SGD without momentum is one add_ per parameter in torch's loop already, and
there the fused kernel's own overhead loses: a step of logit.q's two parameters takes
19 us looped, 34 us fused. Fused kernels refuse complex parameters and sparse gradients
(an `embed` layer's `sparse option): an optimizer that has such parameters keeps torch's
loop.

    opts = kernel_options("adamw", entries, kopts)   # {"fused": True} or {}
    refit(opt, entries)                            # after opt(o;parms) added some
"""
FUSED = ("sgd", "adam", "adamw", "adagrad")


def fusable(entries):
    """Can a fused kernel step these (param, module label, name) entries?"""
    return all(p.is_floating_point() and label != "embed" for p, label, _ in entries)


def kernel_options(name, entries, kopts=None):
    """Extra torch constructor options for optimizer `name` over `entries`, given its
    options `kopts` (ktorch's names)."""
    if name == "sgd" and not (kopts or {}).get("momentum"):
        return {}
    return {"fused": True} if name in FUSED and fusable(entries) else {}


def refit(opt, entries):
    """Back to torch's loop for every group once parameters a fused kernel refuses join."""
    if opt.defaults.get("fused") and not fusable(entries):
        opt.defaults["fused"] = False
        for group in opt.param_groups:
            group["fused"] = False
