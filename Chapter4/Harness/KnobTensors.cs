using static TorchSharp.torch;

namespace Chapter4.Harness;

/// <summary>Knob values (rows of numbers) as float32 tensors, like <c>torch.tensor(data=..., dtype=torch.float32)</c>, and back.</summary>
public static class KnobTensors
{
    public static Tensor Vector(double[] values, bool requiresGrad = false) =>
        tensor(values.Select(v => (float)v).ToArray(), requires_grad: requiresGrad);

    public static Tensor Matrix(double[][] rows, string name, bool requiresGrad = false)
    {
        if (rows.Length == 0 || rows.Any(r => r.Length != rows[0].Length))
            throw new LessonInputException($"{name}: every row needs the same number of values");
        float[] flat = rows.SelectMany(r => r.Select(v => (float)v)).ToArray();
        return tensor(flat, [rows.Length, rows[0].Length], requires_grad: requiresGrad);
    }

    /// <summary>A tensor's values in row-major order as doubles (on the CPU, without its graph).</summary>
    public static double[] ToDoubles(Tensor t)
    {
        if (t.numel() == 0) return [];
        using var cpu = t.detach().cpu();
        using var asDouble = cpu.to_type(ScalarType.Float64).contiguous();
        return asDouble.data<double>().ToArray();
    }
}
