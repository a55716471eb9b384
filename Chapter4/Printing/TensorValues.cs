using static TorchSharp.torch;

namespace Chapter4.Printing;

/// <summary>A tensor's values as plain numbers, for printing and for results.</summary>
public static class TensorValues
{
    /// <summary>A tensor's values in row-major order as doubles (on the CPU, without its graph).</summary>
    public static double[] ToDoubles(Tensor t)
    {
        if (t.numel() == 0) return [];
        using var cpu = t.detach().cpu();
        using var asDouble = cpu.to_type(ScalarType.Float64).contiguous();
        return asDouble.data<double>().ToArray();
    }
}
