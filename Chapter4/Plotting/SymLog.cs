using System.Globalization;
using ScottPlot;

namespace Chapter4.Plotting;

/// <summary>
/// A symmetric-log axis: a value v is drawn at sign(v)·log10(1 + |v|/c). Within about ±c the axis is nearly linear
/// (so 0 and the sign of a value stay visible); beyond, each decade takes the same room, so a path reaching 1e8 does
/// not flatten one that stays near 1. The ticks are labelled with the values themselves (0, ±1, ±10, …, ±1e8).
/// </summary>
public sealed class SymLog
{
    /// <summary>Beyond this many decades between the largest |value| and c, a linear axis flattens what lies near c.</summary>
    public const double DecadesForSymLog = 2;

    public SymLog(double linearScale)
    {
        if (!(linearScale > 0) || !double.IsFinite(linearScale)) throw new ArgumentOutOfRangeException(nameof(linearScale), "c must be positive and finite");
        C = linearScale;
    }

    /// <summary>c: the scale below which the axis is about linear.</summary>
    public double C { get; }

    /// <summary>
    /// A symmetric-log axis when the values' largest |v| is more than <see cref="DecadesForSymLog"/> decades beyond c
    /// (|v|max &gt; 100·c), else null: a linear axis shows them well.
    /// </summary>
    public static SymLog? IfNeeded(IEnumerable<double> values, double linearScale)
    {
        double largest = values.Where(double.IsFinite).Select(Math.Abs).DefaultIfEmpty(0).Max();
        return largest > Math.Pow(10, DecadesForSymLog) * linearScale ? new SymLog(linearScale) : null;
    }

    public double Forward(double v) => Math.Sign(v) * Math.Log10(1 + Math.Abs(v) / C);

    public double Inverse(double t) => Math.Sign(t) * C * (Math.Pow(10, Math.Abs(t)) - 1);

    public double[] Forward(IEnumerable<double> values) => values.Select(Forward).ToArray();

    /// <summary>The tick generator for an axis drawn in <see cref="Forward(double)"/> coordinates.</summary>
    public ITickGenerator Ticks() => new TickGenerator(this);

    /// <summary>A tick label: the value itself, short (0, 1, 10, 100, 1000, 1e4, …; −1e8).</summary>
    public static string Label(double value)
    {
        if (value == 0) return "0";
        double a = Math.Abs(value);
        string sign = value < 0 ? "−" : "";
        int exponent = (int)Math.Round(Math.Log10(a));
        if (Math.Abs(a - Math.Pow(10, exponent)) <= 1e-9 * a)
            return sign + (exponent is >= 0 and < 4 ? Math.Pow(10, exponent).ToString("0", CultureInfo.InvariantCulture)
                : exponent is < 0 and >= -3 ? Math.Pow(10, exponent).ToString("0.###", CultureInfo.InvariantCulture)
                : "1e" + exponent.ToString(CultureInfo.InvariantCulture));
        return sign + a.ToString("G3", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Ticks at 0 and at ±10^n (n from the decade of c up), every k-th decade so that about <see cref="TicksPerSide"/>
    /// fit on each side of 0.
    /// </summary>
    public sealed class TickGenerator(SymLog scale) : ITickGenerator
    {
        private const int TicksPerSide = 6;

        /// <summary>The axis' scale (the plot audit reads it: which axis is symmetric-log, and its c).</summary>
        public SymLog Scale => scale;

        public Tick[] Ticks { get; set; } = [];

        public int MaxTickCount { get; set; } = 10_000;

        public void Regenerate(CoordinateRange range, Edge edge, PixelLength size, Paint paint, LabelStyle labelStyle)
        {
            double low = Math.Min(range.Min, range.Max), high = Math.Max(range.Min, range.Max);
            double largest = Math.Max(Math.Abs(scale.Inverse(low)), Math.Abs(scale.Inverse(high)));
            int first = (int)Math.Floor(Math.Log10(scale.C));
            int last = (int)Math.Ceiling(Math.Log10(Math.Max(largest, scale.C)));
            int every = Math.Max(1, (int)Math.Ceiling((last - first + 1) / (double)TicksPerSide));
            var ticks = new List<Tick>();
            if (low <= 0 && high >= 0) ticks.Add(new Tick(0, "0", true));
            for (int n = first; n <= last; n++)
            {
                if ((n - first) % every != 0) continue;
                foreach (int sign in new[] { 1, -1 })
                {
                    double value = sign * Math.Pow(10, n), at = scale.Forward(value);
                    if (at >= low && at <= high) ticks.Add(new Tick(at, Label(value), true));
                }
            }
            Ticks = ticks.OrderBy(t => t.Position).Take(MaxTickCount).ToArray();
        }
    }
}

