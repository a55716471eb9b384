"""PyTorch twins of the lessons `model` and `parameters` (course: 神经网络搭建和参数计算)."""
import io
import os

import torch
import torch.nn as nn

from common import to_json

WEIGHTS_FILE = "model-demo-weights.pt"


class ModelDemo(nn.Module):
    """The course's ModelDemo, verbatim in behaviour."""

    def __init__(self, init="course"):
        super().__init__()
        self.linear1 = nn.Linear(in_features=3, out_features=3)
        self.linear2 = nn.Linear(in_features=3, out_features=2)
        self.output = nn.Linear(in_features=2, out_features=2)
        if init != "course":  # nn.Linear's own default init (init-dead-relu compares it)
            return
        nn.init.xavier_normal_(tensor=self.linear1.weight)
        nn.init.zeros_(tensor=self.linear1.bias)
        nn.init.kaiming_normal_(tensor=self.linear2.weight, nonlinearity='relu')
        nn.init.zeros_(tensor=self.linear2.bias)

    def forward(self, x):
        x = torch.sigmoid(input=self.linear1(x))
        x = torch.relu(input=self.linear2(x))
        x = torch.softmax(input=self.output(x), dim=-1)
        return x


def summary(model, input_size, batch_size=-1):
    """torchsummary.summary's table and sizes (that package is not in Debian), same algorithm:
    hooks on every non-container submodule, torch.rand(2, *input_size), 4 bytes a value."""
    rows = []
    hooks = []

    def hook(module, inputs, output):
        shape = list(output.size())
        shape[0] = batch_size
        params, trainable = 0, None
        if hasattr(module, "weight") and hasattr(module.weight, "size"):
            params += module.weight.numel()
            trainable = module.weight.requires_grad
        if hasattr(module, "bias") and hasattr(module.bias, "size"):
            params += module.bias.numel()
        name = f"{type(module).__name__}-{len(rows) + 1}"
        rows.append({"name": name, "type": type(module).__name__, "output_shape": shape,
                     "param_count": params, "trainable": trainable})

    for m in model.modules():
        if m is not model and not isinstance(m, (nn.Sequential, nn.ModuleList)):
            hooks.append(m.register_forward_hook(hook))
    with torch.no_grad():
        model(torch.rand(2, *input_size))
    for h in hooks:
        h.remove()

    total = sum(r["param_count"] for r in rows)
    trainable = sum(r["param_count"] for r in rows if r["trainable"])
    total_output = sum(prod(r["output_shape"]) for r in rows)  # signed (batch -1); abs() below, as torchsummary
    input_mb = abs(prod(input_size) * batch_size * 4. / (1024 ** 2.))
    output_mb = abs(2. * total_output * 4. / (1024 ** 2.))
    params_mb = abs(total * 4. / (1024 ** 2.))
    lines = ["-" * 64, "{:>20}  {:>25} {:>15}".format("Layer (type)", "Output Shape", "Param #"), "=" * 64]
    for r in rows:
        lines.append("{:>20}  {:>25} {:>15}".format(r["name"], str(r["output_shape"]), "{0:,}".format(r["param_count"])))
    lines += ["=" * 64,
              "Total params: {0:,}".format(total),
              "Trainable params: {0:,}".format(trainable),
              "Non-trainable params: {0:,}".format(total - trainable),
              "-" * 64,
              "Input size (MB): %0.2f" % input_mb,
              "Forward/backward pass size (MB): %0.2f" % output_mb,
              "Params size (MB): %0.2f" % params_mb,
              "Estimated Total Size (MB): %0.2f" % (params_mb + output_mb + input_mb),
              "-" * 64]
    print("\n".join(lines))
    return rows, total, trainable


def prod(xs):
    p = 1
    for x in xs:
        p *= x
    return p


def model_results(model, data, output):
    # Off for these 5 inputs: the unit's ReLU gives 0 for every row. Dead for every input: the largest pre-activation it
    # can reach over its inputs (sigmoid outputs, each in [0, 1]) is b + sum(max(w_i, 0)) <= 0.
    w, b = model.linear2.weight.detach(), model.linear2.bias.detach()
    with torch.no_grad():
        h = torch.relu(model.linear2(torch.sigmoid(model.linear1(data))))
    reach = [float(b[j]) + sum(max(float(v), 0.0) for v in w[j]) for j in range(b.shape[0])]
    return {"input": to_json(data), "output": to_json(output),
            "parameters": {name: to_json(p) for name, p in model.named_parameters()},
            "off_linear2_units": [j for j in range(b.shape[0]) if bool((h[:, j] == 0).all())],
            "dead_linear2_units": [j for j in range(b.shape[0]) if reach[j] <= 0],
            "linear2_reach": reach}


def model_lesson(weights=None):
    my_model = ModelDemo()
    if weights is not None:
        my_model.load_state_dict(torch.load(os.path.join(FIXTURES_DIR, weights)))
    print('my_model->', my_model)
    data = torch.randn(size=(5, 3))
    print('data->', data)
    output = my_model(data)
    print('output->', output)
    return model_results(my_model, data, output)


def parameters_lesson():
    # the course's train()
    my_model = ModelDemo()
    print('my_model->', my_model)
    data = torch.randn(size=(5, 3))
    print('data->', data)
    print('data.shape->', data.shape)
    output = my_model(data)
    print('output->', output)
    print('output.shape->', output.shape)
    print(('====================计算和查看模型参数==================='))
    rows, total, trainable = summary(model=my_model, input_size=(5, 3))
    for name, param in my_model.named_parameters():
        print('name->', name)
        print('param->', param)
    results = model_results(my_model, data, output)
    results["parameter_count"] = total
    results["trainable_count"] = trainable
    results["layers"] = [{k: r[k] for k in ("name", "type", "output_shape", "param_count")} for r in rows]
    return results


def weights_file_bytes():
    """A state_dict of ModelDemo built with seed 1234, for `model --weights`."""
    torch.manual_seed(1234)
    buffer = io.BytesIO()
    torch.save(ModelDemo().state_dict(), buffer)
    return buffer.getvalue()


def unusual_weights(kind):
    """Valid but unusual ModelDemo state_dicts, for the loader's tests (tests/ModelDemoTests.cs)."""
    def make():
        torch.manual_seed(1234)
        state = ModelDemo().state_dict()
        if kind == "noncontiguous":  # a transposed view: same shape, strides (1, 3)
            state["linear1.weight"] = state["linear1.weight"].t().contiguous().t()
        elif kind == "offset":  # a view into a larger storage, at offset 2
            state["linear1.bias"] = torch.cat([torch.zeros(2), state["linear1.bias"]])[2:]
        elif kind == "keepvars":  # nn.Parameter objects instead of tensors
            state = ModelDemo().state_dict(keep_vars=True)
        elif kind == "nan":
            state["linear2.weight"] = torch.full_like(state["linear2.weight"], float("nan"))
        buffer = io.BytesIO()
        torch.save(state, buffer)
        return buffer.getvalue()
    return make


def init_dead_relu(seeds=1000, bias=0.1):
    """构建神经网络模型, deepened: per init, how often a linear2 ReLU unit is off for the lesson's 5 inputs and how
    often one is dead for every input (b + sum(max(w_i, 0)) <= 0), over seeds S ... S + N - 1 (S: the run's seed)."""
    first = torch.initial_seed()
    inits = [("course: xavier/kaiming, zero bias", "course", None), ("pytorch default (nn.Linear)", "default", None),
             (f"course, linear2 bias {bias!r}", "course", bias)]
    results = []
    print(f"seeds {first} … {first + seeds - 1}")
    print(f"{'init':<36} {'off for 5 inputs':>17} {'dead for every input':>21} {'identical rows':>15}")
    for name, init, fill in inits:
        off = dead = identical = 0
        for seed in range(first, first + seeds):
            torch.manual_seed(seed)
            model = ModelDemo(init)
            if fill is not None:
                with torch.no_grad():
                    model.linear2.bias.fill_(fill)
            x = torch.randn(5, 3)
            with torch.no_grad():
                h = torch.relu(model.linear2(torch.sigmoid(model.linear1(x))))
                out = model(x)
            w, b = model.linear2.weight.detach(), model.linear2.bias.detach()
            off += bool((h == 0).all(dim=0).any())
            dead += any(float(b[j]) + sum(max(float(v), 0.0) for v in w[j]) <= 0 for j in range(b.shape[0]))
            identical += bool(torch.allclose(out, out[0].expand_as(out)))
        print(f"{name:<36} {off / seeds:17.4f} {dead / seeds:21.4f} {identical / seeds:15.4f}")
        results.append({"name": name, "off_unit_fraction": off / seeds, "dead_unit_fraction": dead / seeds,
                        "identical_rows_fraction": identical / seeds})
    return {"seeds": seeds, "first_seed": first, "inits": results}


FIXTURES_DIR = None  # set by reference.py before the twins run
EXTRA_FILES = {WEIGHTS_FILE: weights_file_bytes}
EXTRA_FILES.update({f"weights-{kind}.pt": unusual_weights(kind) for kind in ("noncontiguous", "offset", "keepvars", "nan")})

SEEDS = [0, 1, 2, 3, 42, 2024]
LESSONS = [
    ("model", model_lesson,
     [(s, {}, {}) for s in SEEDS] + [(7, {"weights": WEIGHTS_FILE}, {})]),
    ("parameters", parameters_lesson, [(s, {}, {}) for s in SEEDS]),
    ("init-dead-relu", init_dead_relu, [(0, {}, {}), (0, {"seeds": 200, "bias": 0.5}, {}), (7, {"seeds": 100}, {})]),
]
