using Chapter4.Harness;
using Chapter4.Models;
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
    }
}
