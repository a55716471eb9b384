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
    /// Plain doubles (EWMA, back-propagation, learning rates): PyTorch computed in float64 too, so a correct
    /// solution differs only by the order of roundings, ~1e-15 relative (the schedulers multiply by γ once per
    /// epoch, PyTorch's lr after 200 epochs is a product of 200 roundings: still below 1e-13). 1e-9 relative
    /// leaves a wide margin and still rejects any wrong formula.
    /// </summary>
    public static readonly Tolerance Float64 = new(1e-9, 1e-15, "float64: rounding order only");

    public bool Accepts(double expected, double actual)
    {
        if (double.IsNaN(expected) || double.IsNaN(actual)) return double.IsNaN(expected) && double.IsNaN(actual);
        if (double.IsInfinity(expected) || double.IsInfinity(actual)) return expected == actual;
        return Math.Abs(actual - expected) <= Relative * Math.Abs(expected) + Absolute;
    }

    public override string ToString() =>
        Absolute == 0 ? $"|Δ| ≤ {Num.G(Relative)}·|PyTorch|" : $"|Δ| ≤ {Num.G(Relative)}·|PyTorch| + {Num.G(Absolute)}";
}

/// <summary>The learner's value differs from PyTorch's: the one-line reason.</summary>
public sealed class CaseFailed(string message) : Exception(message);

/// <summary>
/// One case being checked: what the learner's function was last called with (shown when a value
/// differs) and the comparisons, each of which stops the case at the first difference.
/// </summary>
public sealed class CaseRun
{
    /// <summary>The call being checked, e.g. "step 2: MomentumStep(w: [0.99], …)".</summary>
    public string Call { get; set; } = "";

    public CaseFailed Fail(string what) => new(Call.Length == 0 ? what : $"{Call}: {what}");

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
        if (!tolerance.Accepts(expected, actual))
            throw Fail($"{what}: PyTorch {Num.G(expected)}, yours {Num.G(actual)} ({tolerance})");
    }

    /// <summary>Elementwise, in order: the first element outside the tolerance is reported with its index.</summary>
    public void Values(string what, IReadOnlyList<double> expected, IReadOnlyList<double> actual, Tolerance tolerance, Func<int, string>? label = null)
    {
        if (expected.Count != actual.Count)
            throw Fail($"{what}: PyTorch has {expected.Count} values, yours {actual.Count}");
        for (int i = 0; i < expected.Count; i++)
            if (!tolerance.Accepts(expected[i], actual[i]))
            {
                string at = label?.Invoke(i) ?? $"{what}[{i}]";
                throw Fail($"{at}: PyTorch {Num.G(expected[i])}, yours {Num.G(actual[i])} — first difference ({tolerance})");
            }
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
