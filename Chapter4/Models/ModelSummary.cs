using System.Text;
using Chapter4.Printing;
using TorchSharp;
using static TorchSharp.torch;

namespace Chapter4.Models;

/// <summary>One row of the summary table.</summary>
/// <param name="Name">torchsummary's key: class name and call order, e.g. "Linear-1".</param>
/// <param name="OutputShape">Output shape with the batch dimension shown as the requested batch size (-1).</param>
/// <param name="Trainable">Whether the layer's weight requires grad (torchsummary's rule), null without weight.</param>
public sealed record SummaryLayer(string Name, string Type, long[] OutputShape, long ParamCount, bool? Trainable);

/// <summary>
/// torchsummary's <c>summary(model, input_size, batch_size=-1)</c> for any <c>Module&lt;Tensor, Tensor&gt;</c>:
/// a forward hook on every submodule records output shape and parameter count in call order, and the
/// sizes in MB are computed with torchsummary's formulas (4 bytes per value, forward+backward = 2×outputs).
/// </summary>
public sealed record ModelSummary(
    IReadOnlyList<SummaryLayer> Layers,
    long TotalParams,
    long TrainableParams,
    double InputSizeMb,
    double ForwardBackwardSizeMb,
    double ParamsSizeMb)
{
    private const string Rule = "----------------------------------------------------------------";
    private const string DoubleRule = "================================================================";

    public long NonTrainableParams => TotalParams - TrainableParams;

    public double TotalSizeMb => ParamsSizeMb + ForwardBackwardSizeMb + InputSizeMb;

    /// <summary>
    /// Runs the model once on <c>torch.rand(2, *inputSize)</c>, as torchsummary does (that draw
    /// consumes the global generator exactly as the Python call would).
    /// </summary>
    public static ModelSummary Of(nn.Module<Tensor, Tensor> model, long[] inputSize, long batchSize = -1)
    {
        var layers = new List<SummaryLayer>();
        var removers = new List<Action>();
        foreach (var (_, module) in model.named_modules())
        {
            // torchsummary skips containers: Sequential and ModuleList.
            if (module is TorchSharp.Modules.Sequential) continue;
            if (module.GetType() is { IsGenericType: true } t && t.GetGenericTypeDefinition() == typeof(TorchSharp.Modules.ModuleList<>)) continue;
            if (module is not nn.Module<Tensor, Tensor> hookable) continue;
            var remover = hookable.register_forward_hook((m, input, output) =>
            {
                long[] shape = (long[])output.shape.Clone();
                shape[0] = batchSize;
                var own = m.named_parameters(recurse: false).ToDictionary(p => p.name, p => p.parameter);
                long count = 0;
                bool? trainable = null;
                if (own.TryGetValue("weight", out var weight)) { count += weight.numel(); trainable = weight.requires_grad; }
                if (own.TryGetValue("bias", out var bias)) count += bias.numel();
                string type = m.GetType().Name;
                layers.Add(new SummaryLayer($"{type}-{layers.Count + 1}", type, shape, count, trainable));
                return output;
            });
            removers.Add(remover.remove);
        }
        try
        {
            using var scope = torch.NewDisposeScope();
            using var _ = torch.no_grad();
            var x = torch.rand([2, .. inputSize]);
            model.call(x);
        }
        finally
        {
            foreach (var remove in removers) remove();
        }

        long total = layers.Sum(l => l.ParamCount);
        long trainableCount = layers.Where(l => l.Trainable == true).Sum(l => l.ParamCount);
        long totalOutput = layers.Sum(l => l.OutputShape.Aggregate(1L, (a, b) => a * b));
        const double Mb = 1024.0 * 1024.0;
        return new ModelSummary(
            layers,
            total,
            trainableCount,
            Math.Abs(inputSize.Aggregate(1L, (a, b) => a * b) * batchSize * 4.0 / Mb),
            Math.Abs(2.0 * totalOutput * 4.0 / Mb),
            Math.Abs(total * 4.0 / Mb));
    }

    /// <summary>The table exactly as torchsummary prints it.</summary>
    public string Text
    {
        get
        {
            var sb = new StringBuilder();
            sb.AppendLine(Rule);
            sb.AppendLine($"{"Layer (type)",20}  {"Output Shape",25} {"Param #",15}");
            sb.AppendLine(DoubleRule);
            foreach (var layer in Layers)
                sb.AppendLine($"{layer.Name,20}  {"[" + string.Join(", ", layer.OutputShape) + "]",25} {PyFormat.Thousands(layer.ParamCount),15}");
            sb.AppendLine(DoubleRule);
            sb.AppendLine($"Total params: {PyFormat.Thousands(TotalParams)}");
            sb.AppendLine($"Trainable params: {PyFormat.Thousands(TrainableParams)}");
            sb.AppendLine($"Non-trainable params: {PyFormat.Thousands(NonTrainableParams)}");
            sb.AppendLine(Rule);
            sb.AppendLine($"Input size (MB): {PyFormat.Fixed(InputSizeMb, 2)}");
            sb.AppendLine($"Forward/backward pass size (MB): {PyFormat.Fixed(ForwardBackwardSizeMb, 2)}");
            sb.AppendLine($"Params size (MB): {PyFormat.Fixed(ParamsSizeMb, 2)}");
            sb.AppendLine($"Estimated Total Size (MB): {PyFormat.Fixed(TotalSizeMb, 2)}");
            sb.Append(Rule);
            return sb.ToString();
        }
    }
}
