using Chapter4.Harness;
using Chapter4.Models;
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

        // With some seeds (0 among them) every row is softmax(output.bias): both ReLUs output 0. Say so.
        var bias = model.named_parameters().Single(p => p.name == "output.bias").parameter;
        using var biasOnly = torch.softmax(bias.detach(), -1).expand_as(output);
        if (torch.allclose(output.detach(), biasOnly, rtol: 0, atol: 1e-7))
            ctx.Note("\nEvery row of the output is the same: for all five samples both ReLU units of linear2 are negative " +
                     "before the ReLU, so it outputs 0 and the last layer sees only its bias: output = softmax(output.bias). " +
                     "Try another --seed.");
    }
}
