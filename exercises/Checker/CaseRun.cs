using System.Globalization;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace Chapter4.Exercises.Checker;

/// <summary>
/// How close the learner's value must be to PyTorch's: |yours − PyTorch| ≤ Relative·|PyTorch| + Absolute.
/// </summary>
public sealed record Tolerance(double Relative, double Absolute, string Why)
{
    /// <summary>
    /// Float32 tensors. PyTorch's values are float32; a correct solution may round in another order
    /// (lr·g/(√v+ε) vs (lr/bc1)·m/…, double scalars, fused ops): a few float32 ulps (2⁻²³ ≈ 1.2e-7 relative
    /// each) per operation, at most some dozens of ulps over 20 optimizer steps. 1e-5 relative leaves 80×
    /// that, yet the mistakes the exercises catch (no first-step copy, no bias correction, (1−β)·g for g,
    /// a missing clamp) move the values by 1e-3 or more. The absolute 1e-7 covers values near 0.
    /// </summary>
    public static readonly Tolerance Float32 = new(1e-5, 1e-7, "float32: a few ulps of rounding in another order");

    /// <summary>
    /// Float32 optimizer steps: w − lr·step cancels when w nears 0, so the rounding error is a few ulps of the
    /// operands (|w| ≤ 3 in every case), not of the result: the absolute part is 1e-6 (8 ulps at 1). Measured:
    /// the reference Adam, written in another order than PyTorch's, reaches 0.29 of Float32's bound on a seeded
    /// case where w passes 0.01. The mistakes caught (a missing first-step copy or bias correction) move w by 1e-4
    /// or more.
    /// </summary>
    public static readonly Tolerance Float32Steps = new(1e-5, 1e-6, "float32 steps: a few ulps of the operands of w − lr·step");

    /// <summary>
    /// Plain doubles (EWMA, back-propagation, learning rates): PyTorch computed in float64 too, so a correct
    /// solution differs only by the order of roundings, ~1e-15 relative (the schedulers multiply by γ once per
    /// epoch, PyTorch's lr after 200 epochs is a product of 200 roundings: still below 1e-13). 1e-9 relative
    /// leaves a wide margin and still rejects any wrong formula.
    /// </summary>
    public static readonly Tolerance Float64 = new(1e-9, 1e-15, "float64: rounding order only");

    public bool Accepts(double expected, double actual) => Ratio(expected, actual) <= 1;

    /// <summary>|actual − expected| over the allowed difference: ≤ 1 passes; NaN or infinities that differ give +∞.</summary>
    public double Ratio(double expected, double actual)
    {
        if (double.IsNaN(expected) || double.IsNaN(actual)) return double.IsNaN(expected) && double.IsNaN(actual) ? 0 : double.PositiveInfinity;
        if (double.IsInfinity(expected) || double.IsInfinity(actual)) return expected == actual ? 0 : double.PositiveInfinity;
        double allowed = Relative * Math.Abs(expected) + Absolute;
        double difference = Math.Abs(actual - expected);
        return difference == 0 ? 0 : allowed == 0 ? double.PositiveInfinity : difference / allowed;
    }

    public override string ToString() =>
        Absolute == 0 ? $"|Δ| ≤ {Num.G(Relative)}·|PyTorch|" : $"|Δ| ≤ {Num.G(Relative)}·|PyTorch| + {Num.G(Absolute)}";
}

/// <summary>
/// The learner's value differs from PyTorch's: the one-line reason and, when numbers were compared,
/// |yours − PyTorch| as a multiple of the allowed difference (infinite for NaN or infinities that differ).
/// </summary>
public sealed class CaseFailed(string message, double? ratio = null) : Exception(message)
{
    public double? Ratio { get; } = ratio;
}

/// <summary>
/// One case being checked: what the learner's function was last called with (shown when a value
/// differs) and the comparisons, each of which stops the case at the first difference.
/// </summary>
public sealed class CaseRun
{
    /// <summary>The call being checked, e.g. "step 2: MomentumStep(w: [0.99], …)".</summary>
    public string Call { get; set; } = "";

    /// <summary>The largest |yours − PyTorch| / allowed over the values compared so far (0 = bit-identical).</summary>
    public double WorstRatio { get; private set; }

    public CaseFailed Fail(string what, double? ratio = null) => new(Call.Length == 0 ? what : $"{Call}: {what}", ratio);

    public void Equal(string what, long expected, long actual)
    {
        if (expected != actual) throw Fail($"{what}: PyTorch {expected}, yours {actual}");
    }

    public void Shape(string what, long[] expected, Tensor actual)
    {
        if (!expected.SequenceEqual(actual.shape))
            throw Fail($"{what} has shape {Num.Shape(actual.shape)}, PyTorch's has {Num.Shape(expected)}");
    }

    public void Value(string what, double expected, double actual, Tolerance tolerance)
    {
        double ratio = Track(tolerance.Ratio(expected, actual));
        if (ratio > 1)
            throw Fail($"{what}: PyTorch {Num.G(expected)}, yours {Num.G(actual)} ({tolerance})", ratio);
    }

    /// <summary>Elementwise, in order: the first element outside the tolerance is reported with its index.</summary>
    public void Values(string what, IReadOnlyList<double> expected, IReadOnlyList<double> actual, Tolerance tolerance, Func<int, string>? label = null)
    {
        if (expected.Count != actual.Count)
            throw Fail($"{what}: PyTorch has {expected.Count} values, yours {actual.Count}");
        for (int i = 0; i < expected.Count; i++)
        {
            double ratio = Track(tolerance.Ratio(expected[i], actual[i]));
            if (ratio > 1)
            {
                string at = label?.Invoke(i) ?? $"{what}[{i}]";
                throw Fail($"{at}: PyTorch {Num.G(expected[i])}, yours {Num.G(actual[i])} — first difference ({tolerance})", ratio);
            }
        }
    }

    private double Track(double ratio)
    {
        WorstRatio = Math.Max(WorstRatio, ratio);
        return ratio;
    }

    /// <summary>A tensor against PyTorch's flat values and shape.</summary>
    public void Tensor(string what, long[] shape, IReadOnlyList<double> expected, Tensor? actual, Tolerance tolerance)
    {
        if (actual is null) throw Fail($"{what}: yours is null");
        Shape(what, shape, actual);
        Values(what, expected, Num.Flat(actual), tolerance, shape.Length <= 1 ? null : i => $"{what}{Num.Index(shape, i)}");
    }
}

/// <summary>Numbers and JSON the way the checker shows and reads them.</summary>
public static class Num
{
    /// <summary>Shortest round-trip form: float32 values as float32 (0.97110003), doubles as doubles.</summary>
    public static string G(double v) =>
        (double)(float)v == v ? ((float)v).ToString("R", CultureInfo.InvariantCulture) : v.ToString("R", CultureInfo.InvariantCulture);

    public static string List(IEnumerable<double> values, int max = 8)
    {
        var all = values.ToList();
        string body = string.Join(", ", all.Take(max).Select(G));
        return all.Count > max ? $"[{body}, … {all.Count} values]" : $"[{body}]";
    }

    public static string List(IEnumerable<long> values) => $"[{string.Join(", ", values)}]";

    public static string Shape(IEnumerable<long> shape) => $"[{string.Join(", ", shape)}]";

    /// <summary>The row-major index of flat element i, e.g. [1, 0].</summary>
    public static string Index(long[] shape, int i)
    {
        var index = new long[shape.Length];
        long rest = i;
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            index[d] = rest % shape[d];
            rest /= shape[d];
        }
        return Shape(index);
    }

    /// <summary>A tensor's values as doubles, row-major.</summary>
    public static double[] Flat(Tensor t)
    {
        using var values = t.detach().cpu().to_type(ScalarType.Float64).contiguous();
        return values.data<double>().ToArray();
    }

    public static string Tensor(Tensor? t) => t is null ? "null" : List(Flat(t));

    public static double[] Doubles(JsonElement e) => [.. e.EnumerateArray().Select(Double)];

    public static double Double(JsonElement e) => e.ValueKind == JsonValueKind.String
        ? e.GetString() switch
        {
            "NaN" => double.NaN,
            "Infinity" => double.PositiveInfinity,
            "-Infinity" => double.NegativeInfinity,
            var s => throw new FormatException($"not a number: {s}"),
        }
        : e.GetDouble();

    public static float[] Floats(JsonElement e) => [.. e.EnumerateArray().Select(v => (float)Double(v))];

    public static int[] Ints(JsonElement e) => [.. e.EnumerateArray().Select(v => v.GetInt32())];

    public static long[] Longs(JsonElement e) => [.. e.EnumerateArray().Select(v => v.GetInt64())];

    /// <summary>A float32 tensor of PyTorch's values (a list of floats, or a list of rows).</summary>
    public static Tensor Float32Tensor(JsonElement e)
    {
        if (e.GetArrayLength() > 0 && e[0].ValueKind == JsonValueKind.Array)
        {
            float[][] rows = [.. e.EnumerateArray().Select(Floats)];
            return torch.tensor(rows.SelectMany(r => r).ToArray(), [rows.Length, rows[0].Length]);
        }
        return torch.tensor(Floats(e));
    }
}
