namespace Chapter4.Claims;

/// <summary>
/// When a series is increasing, decreasing, constant or mixed: look at the steps between neighbours and ignore
/// those no larger than the noise floor; all the rest up → increasing, all down → decreasing, none left → constant,
/// both → mixed. Sign changes count the series' own values crossing zero, skipping values within the noise floor of 0.
/// </summary>
public static class TrendRule
{
    /// <summary>A zig-zag is at least this many sign changes (one crossing is a crossing, not a zig-zag).</summary>
    public const int ZigZagSignChanges = 3;

    public static TrendDirection Direction(IReadOnlyList<double> values, double noiseFloor)
    {
        bool up = false, down = false;
        for (int i = 1; i < values.Count; i++)
        {
            double step = values[i] - values[i - 1];
            if (double.IsNaN(step)) return TrendDirection.Mixed;
            if (step > noiseFloor) up = true;
            else if (step < -noiseFloor) down = true;
        }
        return (up, down) switch
        {
            (true, false) => TrendDirection.Increasing,
            (false, true) => TrendDirection.Decreasing,
            (false, false) => TrendDirection.Constant,
            _ => TrendDirection.Mixed,
        };
    }

    public static int SignChanges(IReadOnlyList<double> values, double noiseFloor)
    {
        int changes = 0, last = 0;
        foreach (double v in values)
        {
            int sign = v > noiseFloor ? 1 : v < -noiseFloor ? -1 : 0;
            if (sign == 0) continue;
            if (last != 0 && sign != last) changes++;
            last = sign;
        }
        return changes;
    }
}

/// <summary>"&lt;", "&gt;" or "≈" (|a − b| ≤ tolerance).</summary>
public static class RelationRule
{
    public static string Of(double a, double b, double tolerance) =>
        Math.Abs(a - b) <= tolerance ? "≈" : a < b ? "<" : a > b ? ">" : "?";
}
