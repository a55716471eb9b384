using Chapter4.Harness;
using Chapter4.Models;
using Chapter4.Printing;
using TorchSharp;
using static TorchSharp.torch;

namespace Chapter4.Lessons;

/// <summary>The named results both ModelDemo lessons share: input batch, output, parameters by name.</summary>
internal static class ModelDemoResults
{
    public static void Record(LessonContext ctx, ModelDemo model, Tensor input, Tensor output)
    {
        ctx.Result("input", input);
        ctx.Result("output", output);
        ctx.Result("parameters", model.named_parameters().ToDictionary(p => p.name, p => (object?)p.parameter));

        // A linear2 unit whose weights are all ≤ 0 and whose bias is ≤ 0 is dead for EVERY input: its inputs
        // are sigmoid outputs, always positive, so its pre-activation is never positive. Computed, not assumed.
        var parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        double[] w2 = TensorValues.ToDoubles(parameters["linear2.weight"]), b2 = TensorValues.ToDoubles(parameters["linear2.bias"]);
        int inputs = w2.Length / b2.Length;
        var dead = Enumerable.Range(0, b2.Length).Where(j => b2[j] <= 0 && Enumerable.Range(0, inputs).All(i => w2[j * inputs + i] <= 0)).ToList();
        ctx.Result("dead_linear2_units", dead);
        if (dead.Count > 0)
            ctx.Note($"\nlinear2 unit{(dead.Count > 1 ? "s" : "")} {string.Join(" and ", dead)} {(dead.Count > 1 ? "are" : "is")} dead for every input: " +
                     $"{(dead.Count > 1 ? "each has all weights ≤ 0 and bias ≤ 0" : "all its weights are ≤ 0 and its bias is ≤ 0")}, while the inputs " +
                     "(sigmoid outputs) are always positive, so ReLU always gives 0 and every gradient through it is exactly 0: " +
                     "no training can revive it.");

        // When both ReLUs give 0 for these samples, every row is softmax(output.bias). Say so.
        var bias = parameters["output.bias"];
        using var biasOnly = torch.softmax(bias.detach(), -1).expand_as(output);
        if (torch.allclose(output.detach(), biasOnly, rtol: 0, atol: 1e-7))
            ctx.Note("\nEvery row of the output is the same: for all five samples both ReLU units of linear2 are negative " +
                     "before the ReLU, so they output 0 and the last layer sees only its bias: output = softmax(output.bias)" +
                     (dead.Count == b2.Length ? "." : "; for other inputs some unit may still fire.") + " Try another --seed.");
    }
}
