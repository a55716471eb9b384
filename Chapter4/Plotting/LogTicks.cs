using System.Globalization;
using ScottPlot;

namespace Chapter4.Plotting;

/// <summary>
/// Ticks for a y axis holding log10 values, labelled with the values themselves. The rule, by how many decades the
/// view spans:
/// <list type="bullet">
/// <item>two or more, holding at least three whole decades: those (0.001, 0.01, 0.1, …; ScottPlot spaces them), minor ticks at 2…9 × 10^k when at most six decades show;</item>
/// <item>otherwise, when at least three of 1, 2, 5 × 10^k fall inside: those (0.01, 0.02, 0.05, 0.1, …), minor ticks at the other 3…9 × 10^k;</item>
/// <item>otherwise (a view of a few percent, e.g. 0.040 to 0.046): evenly spaced round values, a step of 1, 2 or 5 × 10^k,
/// the largest step that gives at least four ticks (0.040, 0.042, 0.044, 0.046), with minor ticks between.</item>
/// </list>
/// A label has no more digits than its step needs: the 1-2-5 values and steps keep labels short and round.
/// </summary>
internal sealed class LogTicks : ITickGenerator
{
    private static string Label(double log10) => Math.Pow(10, log10).ToString("G3", CultureInfo.InvariantCulture);

    private readonly ScottPlot.TickGenerators.NumericAutomatic _decades = new() { LabelFormatter = Label, IntegerTicksOnly = true };

    public Tick[] Ticks { get; set; } = [];

    public int MaxTickCount { get; set; } = 10_000;

    public void Regenerate(CoordinateRange range, Edge edge, PixelLength size, Paint paint, LabelStyle labelStyle)
    {
        double lo = Math.Min(range.Min, range.Max), hi = Math.Max(range.Min, range.Max);
        if (!double.IsFinite(lo) || !double.IsFinite(hi) || hi - lo <= 0)
        {
            Ticks = [];
            return;
        }
        // Whole decades only when at least three fit in the view (two labels alone read poorly).
        if (hi - lo >= 2 && Math.Floor(hi + 1e-9) - Math.Ceiling(lo - 1e-9) >= 2)
        {
            _decades.MaxTickCount = MaxTickCount;
            _decades.Regenerate(range, edge, size, paint, labelStyle);
            var minor = hi - lo <= 6 ? Mantissas(lo, hi, [2, 3, 4, 5, 6, 7, 8, 9]).Select(Tick.Minor) : [];
            Ticks = [.. _decades.Ticks.Where(t => t.IsMajor), .. minor];
            return;
        }
        Ticks = ForRange(lo, hi);
    }

    /// <summary>The ticks for a view of less than two decades (log10 limits <paramref name="lo"/> to <paramref name="hi"/>).</summary>
    internal static Tick[] ForRange(double lo, double hi)
    {
        double[] oneTwoFive = Mantissas(lo, hi, [1, 2, 5]).ToArray();
        if (oneTwoFive.Length >= 3)
            return [.. oneTwoFive.Select(p => Tick.Major(p, Label(p))), .. Mantissas(lo, hi, [3, 4, 6, 7, 8, 9]).Select(Tick.Minor)];

        double low = Math.Pow(10, lo), high = Math.Pow(10, hi);
        // Steps 5, 2, 1 × 10^k from above the whole view downwards: the first with four values inside.
        for (int k = (int)Math.Ceiling(Math.Log10(high - low)); k > -330; k--)
        {
            foreach (double m in new[] { 5.0, 2.0, 1.0 })
            {
                double step = m * Math.Pow(10, k);
                long first = (long)Math.Ceiling(low / step - 1e-9), last = (long)Math.Floor(high / step + 1e-9);
                if (last - first + 1 < 4) continue;
                var major = new List<Tick>();
                for (long n = first; n <= last; n++)
                {
                    double value = n * step;
                    if (value > 0) major.Add(Tick.Major(Math.Log10(value), StepLabel(value, step)));
                }
                double minorStep = step / (m == 2 ? 4 : 5);
                var minor = new List<Tick>();
                for (long n = (long)Math.Ceiling(low / minorStep - 1e-9); n <= (long)Math.Floor(high / minorStep + 1e-9); n++)
                    if (n * minorStep > 0 && Math.Abs(n * minorStep / step - Math.Round(n * minorStep / step)) > 1e-6)
                        minor.Add(Tick.Minor(Math.Log10(n * minorStep)));
                return [.. major, .. minor];
            }
        }
        return [];
    }

    /// <summary>A value on a step's grid, with as many significant digits as reach down to the step's leading digit.</summary>
    internal static string StepLabel(double value, double step)
    {
        int digits = Math.Max(1, (int)Math.Floor(Math.Log10(Math.Abs(value)) + 1e-9) - (int)Math.Floor(Math.Log10(step) + 1e-9) + 1);
        return value.ToString("G" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    /// <summary>log10 of m × 10^k inside [lo, hi] for the given mantissas m, in ascending order.</summary>
    private static IEnumerable<double> Mantissas(double lo, double hi, double[] mantissas)
    {
        for (int k = (int)Math.Floor(lo) - 1; k <= (int)Math.Ceiling(hi); k++)
            foreach (double m in mantissas)
            {
                double p = k + Math.Log10(m);
                if (p >= lo - 1e-9 && p <= hi + 1e-9) yield return p;
            }
    }
}
