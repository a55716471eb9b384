using Chapter4.Claims;
using Chapter4.Course;
using Chapter4.Harness;
using Chapter4.Models;
using Chapter4.Parity;
using Chapter4.Printing;
using TorchSharp;
using static TorchSharp.torch;

namespace Chapter4.Lessons;

/// <summary>How the per-sample losses of <see cref="BackpropModelLesson"/> combine.</summary>
public enum BackpropReduction { Sum, Mean }

/// <summary>
/// 反向传播算法 on the course's own network: ModelDemo (sigmoid, ReLU, softmax) under CrossEntropyLoss,
/// differentiated by hand layer by layer, each factor printed with its formula, then compared with autograd.
/// </summary>
public sealed class BackpropModelLesson : Lesson
{
    public override long DefaultSeed => ModelDemo.FirstLiveSeed;

    public override string Id => "backprop-model";
    public override CourseSection Section => CourseOutline.Backpropagation;
    public override int OrderInSection => 1;
    public override string Description =>
        "ModelDemo + CrossEntropyLoss differentiated by hand, layer by layer (CE, softmax, linear, ReLU, sigmoid), equal to autograd's gradients";

    [Knob("reduction", "how CrossEntropyLoss combines the per-sample losses (the course: sum)")]
    public BackpropReduction Reduction { get; set; } = BackpropReduction.Sum;

    [Knob("batch", "rows of x = randn(batch, 3)", Min = 1, Max = 100_000)]
    public int Batch { get; set; } = 5;

    public override void Run(LessonContext ctx)
    {
        string reduction = Reduction == BackpropReduction.Sum ? "sum" : "mean";
        var model = new ModelDemo();
        var x = torch.randn(Batch, 3);
        var y = torch.randint(0, 2, [Batch], dtype: ScalarType.Int64);
        var criterion = nn.CrossEntropyLoss(reduction: Reduction == BackpropReduction.Sum ? nn.Reduction.Sum : nn.Reduction.Mean);
        var loss = criterion.call(model.call(x), y);
        loss.backward();
        ctx.Print("x->", x);
        ctx.Print("y->", y);
        ctx.Print($"loss = CrossEntropyLoss(reduction='{reduction}')(model(x), y) = {PyFormat.Fixed(loss.item<float>(), 4)}");

        // The same forward, kept layer by layer, and the backward by hand: from the loss to each parameter.
        var parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach());
        Tensor W1 = parameters["linear1.weight"], b1 = parameters["linear1.bias"];
        Tensor W2 = parameters["linear2.weight"], b2 = parameters["linear2.bias"];
        Tensor W3 = parameters["output.weight"], b3 = parameters["output.bias"];
        var z1 = nn.functional.linear(x, W1, b1);
        var h1 = torch.sigmoid(z1);
        var z2 = nn.functional.linear(h1, W2, b2);
        var h2 = nn.functional.relu(z2);
        var z3 = nn.functional.linear(h2, W3, b3);
        var p = torch.softmax(z3, dim: -1);
        ctx.Print("backward, layer by layer (@ is a matrix product, * elementwise, sums run over the batch):");
        // CrossEntropyLoss = log_softmax + NLL: its gradient is (softmax − onehot)·s, s = 1 for 'sum', 1/batch for 'mean';
        // its softmax taken as exp(log_softmax) and s applied to each term, in the order autograd rounds them.
        double s = Reduction == BackpropReduction.Sum ? 1.0 : 1.0 / Batch;
        var onehot = nn.functional.one_hot(y, 2);
        var dp = nn.functional.log_softmax(p, dim: -1).exp() * s - onehot * s;
        string dpFormula = $"∂loss/∂p = (softmax(p) − onehot(y))·{PyFormat.General(s, 6)} ->";
        ctx.Print(dpFormula, dp);
        var dz3 = p * (dp - (dp * p).sum(1, keepdim: true));
        ctx.Print("∂loss/∂z3 = p * (∂loss/∂p − Σ_j p_j·∂loss/∂p_j) ->", dz3);
        var grads = new Dictionary<string, Tensor> { ["output.weight"] = dz3.T.matmul(h2), ["output.bias"] = dz3.sum(0L) };
        ctx.Print("∂loss/∂output.weight = (∂loss/∂z3)ᵀ @ h2 ->", grads["output.weight"]);
        ctx.Print("∂loss/∂output.bias = Σ ∂loss/∂z3 ->", grads["output.bias"]);
        var dh2 = dz3.matmul(W3);
        ctx.Print("∂loss/∂h2 = ∂loss/∂z3 @ output.weight ->", dh2);
        var dz2 = dh2 * z2.gt(0);
        ctx.Print("∂loss/∂z2 = ∂loss/∂h2 * [z2 > 0] ->", dz2);
        (grads["linear2.weight"], grads["linear2.bias"]) = (dz2.T.matmul(h1), dz2.sum(0L));
        ctx.Print("∂loss/∂linear2.weight = (∂loss/∂z2)ᵀ @ h1 ->", grads["linear2.weight"]);
        ctx.Print("∂loss/∂linear2.bias = Σ ∂loss/∂z2 ->", grads["linear2.bias"]);
        var dh1 = dz2.matmul(W2);
        ctx.Print("∂loss/∂h1 = ∂loss/∂z2 @ linear2.weight ->", dh1);
        var dz1 = dh1 * (1 - h1) * h1; // the order sigmoid's backward multiplies in
        ctx.Print("∂loss/∂z1 = ∂loss/∂h1 * (1 − h1) * h1 ->", dz1);
        (grads["linear1.weight"], grads["linear1.bias"]) = (dz1.T.matmul(x), dz1.sum(0L));
        ctx.Print("∂loss/∂linear1.weight = (∂loss/∂z1)ᵀ @ x ->", grads["linear1.weight"]);
        ctx.Print("∂loss/∂linear1.bias = Σ ∂loss/∂z1 ->", grads["linear1.bias"]);

        // Hand-written vs autograd, in the same process: which bits agree depends on the libtorch build's kernels
        // (libtorch 2.10 rounds some matrix products differently from PyTorch 1.13), so this table is a note.
        ctx.Note("");
        ctx.Fact("table.header");
        var autograd = model.named_parameters().ToDictionary(n => n.name, n => n.parameter.grad!);
        string[] names = [.. autograd.Keys];
        long maxUlps = 0;
        var allHand = new List<double>();
        var allAuto = new List<double>();
        foreach (string name in names)
        {
            float[] hand = grads[name].data<float>().ToArray(), auto = autograd[name].data<float>().ToArray();
            long ulps = hand.Zip(auto, Float32Ulps.Between).Max();
            maxUlps = Math.Max(maxUlps, ulps);
            allHand.AddRange(hand.Select(v => (double)v));
            allAuto.AddRange(auto.Select(v => (double)v));
            // The same formulas in float32: equal up to the rounding of sums taken in another order (a few ulps).
            var row = Claim.Identity($"{name} by hand", hand.Select(v => (double)v).ToArray(), $"{name} by autograd", auto.Select(v => (double)v).ToArray(), 0)
                .Quoting(("ulps", ulps));
            ctx.Say(row, ulps == 0 ? "table.bitwise" : "table.ulps", name, PyFormat.General((float)row.MaxAbsDiff, 3), ulps);
        }
        var logitsGrad = torch.softmax(z3, dim: -1) * s - onehot * s;
        double dz3Norm = dz3.norm().item<float>(), logitsNorm = logitsGrad.norm().item<float>();
        ctx.Print("");
        ctx.Print($"‖∂loss/∂z3‖ = {PyFormat.Fixed(dz3Norm, 4)}; with the logits z3 given to the loss it would be " +
                  $"‖{(Reduction == BackpropReduction.Mean ? "(softmax(z3) − onehot(y))/N" : "softmax(z3) − onehot(y)")}‖ = {PyFormat.Fixed(logitsNorm, 4)}");

        var inactive = Enumerable.Range(0, 2).Where(k => z2[.., k].le(0).all().item<bool>()).ToList();
        ctx.Note("");
        ctx.Fact("chain-rule");
        var same = Claim.Identity("gradients by hand", allHand, "autograd's gradients", allAuto, 0).Quoting(("max ulps", maxUlps));
        if (maxUlps == 0) ctx.Say(same, "all-bitwise");
        else ctx.Say(same, "all-ulps", maxUlps);
        var second = Claim.Compare("‖∂loss/∂z3‖ (probabilities)", dz3Norm, "‖∂loss/∂z3‖ (logits)", logitsNorm).Quoting(("ratio", dz3Norm / logitsNorm));
        ctx.Say(second, second.Relation switch { "<" => "second-softmax-shrinks", ">" => "second-softmax-grows", _ => "second-softmax-same" },
            PyFormat.Fixed(dz3Norm, 4), PyFormat.Fixed(logitsNorm, 4), PyFormat.Fixed(dz3Norm / logitsNorm, 2));
        if (inactive.Count > 0)
            ctx.Say(Claim.Fact().Quoting([.. inactive.Select((u, i) => ($"inactive unit {i + 1}", (double)u)), ("rows", Batch)]), inactive.Count > 1 ? "inactive-both" : "inactive-one",
                string.Join(", ", inactive), Batch);

        ctx.Result("loss", loss);
        ctx.Result("grads", names.ToDictionary(n => n, n => (object?)grads[n]));
        ctx.Result("autograd_grads", names.ToDictionary(n => n, n => (object?)autograd[n]));
        ctx.Result("max_ulps", maxUlps);
        ctx.Result("dz3_norm", dz3Norm);
        ctx.Result("dz3_norm_if_logits", logitsNorm);
        ctx.Result("inactive_linear2_units", inactive);
    }
}
